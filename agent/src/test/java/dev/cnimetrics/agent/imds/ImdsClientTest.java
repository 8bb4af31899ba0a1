package dev.cnimetrics.agent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.agent.cli.ImdsOptions.ImdsConfig;
import dev.cnimetrics.agent.net.FetchException;
import dev.cnimetrics.agent.testing.FakeHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IMDSv2 against a loopback stand-in that enforces the token protocol (never 169.254.169.254). */
class ImdsClientTest {

  private static final String TOKEN = "AQAEAFake-token==";
  private static final Map<String, String> VALUES =
      Map.of(
          "/latest/meta-data/instance-id", "i-0123456789abcdef0",
          "/latest/meta-data/instance-type", "m5.large",
          "/latest/meta-data/placement/region", "us-east-1",
          "/latest/meta-data/placement/availability-zone", "us-east-1a");

  private FakeHttpServer imds;

  @AfterEach
  void stop() throws IOException {
    if (imds != null) {
      imds.close();
    }
  }

  private static FakeHttpServer.Responder imdsV2(Map<String, String> values) {
    return (rq, a) -> {
      if (rq.method().equals("PUT") && rq.path().equals(ImdsClient.TOKEN_PATH)) {
        boolean ttl = rq.headers().containsKey(ImdsClient.TTL_HEADER.toLowerCase());
        a.status(ttl ? 200 : 400, "text/plain", bytes(ttl ? TOKEN : ""));
      } else if (!TOKEN.equals(rq.headers().get(ImdsClient.TOKEN_HEADER.toLowerCase()))) {
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

  @Test
  void readsTheFourValuesWithASessionToken() throws Exception {
    imds = new FakeHttpServer(imdsV2(VALUES));
    InstanceMetadata m = new ImdsClient(imds.uri("/")).read();
    assertEquals(
        new InstanceMetadata("i-0123456789abcdef0", "m5.large", "us-east-1", "us-east-1a"), m);
    List<FakeHttpServer.Request> requests = imds.requests();
    assertEquals("PUT", requests.get(0).method());
    assertEquals("300", requests.get(0).headers().get("x-aws-ec2-metadata-token-ttl-seconds"));
    assertEquals(5, requests.size());
    requests
        .subList(1, 5)
        .forEach(r -> assertEquals(TOKEN, r.headers().get("x-aws-ec2-metadata-token")));
  }

  @Test
  void aMissingValueFailsWithThePathAndStatus() throws IOException {
    imds = new FakeHttpServer(imdsV2(Map.of("/latest/meta-data/instance-id", "i-1")));
    String base = imds.uri("").toString();
    FetchException e =
        assertThrows(FetchException.class, () -> new ImdsClient(imds.uri("")).read());
    assertEquals(base + "/latest/meta-data/instance-type: HTTP 404 (expected 200)", e.getMessage());
  }

  @Test
  void unreachableImdsLeavesTheReportWithoutInstance() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    FetchException e = assertThrows(FetchException.class, () -> new ImdsClient(endpoint).read());
    assertEquals(endpoint + "/latest/api/token: connection refused", e.getMessage());
    assertEquals(Optional.empty(), InstanceMetadataReader.readOnce(new ImdsConfig(true, endpoint)));
  }

  @Test
  void disabledReadsNothing() throws IOException {
    imds = new FakeHttpServer(imdsV2(VALUES));
    assertEquals(
        Optional.empty(), InstanceMetadataReader.readOnce(new ImdsConfig(false, imds.uri(""))));
    assertEquals(List.of(), imds.requests());
  }
}
