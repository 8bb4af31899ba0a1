package dev.cnimetrics.agent.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A loopback stand-in for IMDSv2 that enforces the session-token protocol. */
public final class FakeImds {

  public static final String TOKEN = "AQAEAFake-token==";

  public static final Map<String, String> M5_LARGE =
      Map.of(
          "/latest/meta-data/instance-id", "i-0123456789abcdef0",
          "/latest/meta-data/instance-type", "m5.large",
          "/latest/meta-data/placement/region", "us-east-1",
          "/latest/meta-data/placement/availability-zone", "us-east-1a");

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
