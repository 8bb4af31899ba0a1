package dev.cnimetrics.agent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.agent.cli.ImdsOptions.ImdsConfig;
import dev.cnimetrics.httpclient.FetchException;
import dev.cnimetrics.report.Instance;
import dev.cnimetrics.testkit.http.FakeHttpServer;
import dev.cnimetrics.testkit.http.FakeImds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IMDSv2 against a loopback stand-in that enforces the token protocol (never 169.254.169.254). */
class ImdsClientTest {

  private static final Map<String, String> VALUES = FakeImds.M5_LARGE;

  private FakeHttpServer imds;

  @AfterEach
  void stop() throws IOException {
    if (imds != null) {
      imds.close();
    }
  }

  @Test
  void readsTheFourValuesWithASessionToken() throws Exception {
    imds = new FakeHttpServer(FakeImds.responder(VALUES));
    Instance m = new ImdsClient(imds.uri("/")).read();
    assertEquals(new Instance("i-0123456789abcdef0", "m5.large", "us-east-1", "us-east-1a"), m);
    List<FakeHttpServer.Request> requests = imds.requests();
    assertEquals("PUT", requests.get(0).method());
    assertEquals("300", requests.get(0).headers().get("x-aws-ec2-metadata-token-ttl-seconds"));
    assertEquals(5, requests.size());
    requests
        .subList(1, 5)
        .forEach(r -> assertEquals(FakeImds.TOKEN, r.headers().get("x-aws-ec2-metadata-token")));
  }

  @Test
  void readsEachEnisSubnetAndAddressesWithOneToken() throws Exception {
    imds = new FakeHttpServer(FakeImds.responder(FakeImds.TWO_ENIS));
    List<NetworkInterface> enis = new ImdsClient(imds.uri("/")).networkInterfaces();
    assertEquals(
        List.of(
            new NetworkInterface(
                "0e:11:22:33:44:01", "eni-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60001", 10, 0),
            new NetworkInterface(
                "0e:11:22:33:44:02", "eni-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60002", 5, 0)),
        enis);
    assertEquals(9, enis.get(0).podIpCapacity());
    assertEquals(1, imds.requests().stream().filter(r -> r.method().equals("PUT")).count());
  }

  @Test
  void delegatedPrefixesCountSixteenEach() throws Exception {
    Map<String, String> values = new java.util.HashMap<>(FakeImds.TWO_ENIS);
    values.put(
        "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/local-ipv4s", "10.0.2.5");
    values.put(
        "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/ipv4-prefix",
        "10.0.2.16/28\n10.0.2.32/28");
    imds = new FakeHttpServer(FakeImds.responder(values));
    assertEquals(32, new ImdsClient(imds.uri("/")).networkInterfaces().get(1).podIpCapacity());
  }

  @Test
  void aSubnetIdThatIsNotOneFailsNamingPathExpectedAndFound() throws IOException {
    Map<String, String> values = new java.util.HashMap<>(FakeImds.TWO_ENIS);
    values.put(
        "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/subnet-id",
        "<html>proxy</html>");
    imds = new FakeHttpServer(FakeImds.responder(values));
    String base = imds.uri("").toString();
    FetchException e =
        assertThrows(FetchException.class, () -> new ImdsClient(imds.uri("")).networkInterfaces());
    assertEquals(
        base
            + "/latest/meta-data/network/interfaces/macs/0e:11:22:33:44:02/subnet-id: expected an id"
            + " matching subnet-[0-9a-f]{8,17}, found '<html>proxy</html>'",
        e.getMessage());
  }

  @Test
  void aMissingValueFailsWithThePathAndStatus() throws IOException {
    imds = new FakeHttpServer(FakeImds.responder(Map.of("/latest/meta-data/instance-id", "i-1")));
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
    imds = new FakeHttpServer(FakeImds.responder(VALUES));
    assertEquals(
        Optional.empty(), InstanceMetadataReader.readOnce(new ImdsConfig(false, imds.uri(""))));
    assertEquals(List.of(), imds.requests());
  }
}
