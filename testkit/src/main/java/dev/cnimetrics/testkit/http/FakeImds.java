package dev.cnimetrics.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A loopback stand-in for IMDSv2 (no instance metadata service runs off EC2) that enforces the
 * session-token protocol as the EC2 User Guide describes it ("Use the Instance Metadata Service to
 * access instance metadata", IMDSv2): a {@code PUT /latest/api/token} with an {@code
 * X-aws-ec2-metadata-token-ttl-seconds} header returns the token (400 without it), a GET without
 * that token in {@code X-aws-ec2-metadata-token} gets 401, an unknown path 404; values are plain
 * text, lists one item per line.
 */
public final class FakeImds {

  public static final String TOKEN = "AQAEAFake-token==";

  public static final Map<String, String> M5_LARGE =
      Map.of(
          "/latest/meta-data/instance-id", "i-0123456789abcdef0",
          "/latest/meta-data/instance-type", "m5.large",
          "/latest/meta-data/placement/region", "us-east-1",
          "/latest/meta-data/placement/availability-zone", "us-east-1a");

  /**
   * Two ENIs as IMDS lists them (EC2 User Guide, "Instance metadata categories",
   * network/interfaces/macs/...): the primary in subnet ...0001 with 10 addresses (its primary + 9
   * secondary), a second in subnet ...0002 with 5 addresses and no prefixes (ipv4-prefix answers
   * 404).
   */
  public static final Map<String, String> TWO_ENIS =
      Map.of(
          "/latest/meta-data/network/interfaces/macs/",
          "0e:11:22:33:44:01/\n0e:11:22:33:44:02/",
          "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:01/interface-id",
          "eni-0a1b2c3d4e5f60001",
          "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:01/subnet-id",
          "subnet-0a1b2c3d4e5f60001",
          "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:01/local-ipv4s",
          "10.0.1.23\n10.0.1.24\n10.0.1.25\n10.0.1.26\n10.0.1.27\n10.0.1.28\n10.0.1.29\n10.0.1.30\n10.0.1.31\n10.0.1.32",
          "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/interface-id",
          "eni-0a1b2c3d4e5f60002",
          "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/subnet-id",
          "subnet-0a1b2c3d4e5f60002",
          "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/local-ipv4s",
          "10.0.2.5\n10.0.2.6\n10.0.2.7\n10.0.2.8\n10.0.2.9");

  private FakeImds() {}

  /**
   * PUT /latest/api/token with a TTL header gives {@link #TOKEN}; a GET without that token gets
   * 401; a known path its value; anything else 404.
   */
  public static FakeHttpServer.Responder responder(Map<String, String> values) {
    return (rq, a) -> {
      if (rq.method().equals("PUT") && rq.path().equals("/latest/api/token")) {
        boolean ttl = rq.headers().containsKey("x-aws-ec2-metadata-token-ttl-seconds");
        a.status(ttl ? 200 : 400, "text/plain", bytes(ttl ? TOKEN : ""));
      } else if (!TOKEN.equals(rq.headers().get("x-aws-ec2-metadata-token"))) {
        a.status(401, "text/plain", bytes(""));
      } else if (rq.method().equals("GET") && values.containsKey(rq.path())) {
        a.status(200, "text/plain", bytes(values.get(rq.path())));
      } else {
        a.status(404, "text/plain", bytes("not found"));
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
