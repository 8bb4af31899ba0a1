package dev.cnimetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.agent.cli.CoreOptions.CoreConfig;
import dev.cnimetrics.agent.cli.ImdsOptions.ImdsConfig;
import dev.cnimetrics.agent.cli.IpamdOptions.IpamdConfig;
import dev.cnimetrics.agent.cli.ListenAddress;
import dev.cnimetrics.agent.cli.ShimOptions.ShimConfig;
import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.agent.testing.ShimConfigs;
import dev.cnimetrics.testkit.http.FakeHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a whole, in process: its real HTTP server on 127.0.0.1:0 in front of a scripted
 * ipamd and IMDS on loopback. ipamd breaking and recovering never stops the agent serving.
 */
class AgentServerTest {

  private static final int MIB = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final FakeHttpServer.Responder FIXTURE =
      FakeHttpServer.fixed(200, "text/plain", Fixtures.bytes("ipamd/current.prom"));

  private final CountDownLatch release = new CountDownLatch(1);
  private FakeHttpServer ipamd;
  private FakeHttpServer imds;
  private Agent agent;
  private Optional<Path> tokenFile = Optional.empty();
  private Optional<Path> acceptTokenFile = Optional.empty();

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    if (agent != null) {
      agent.close();
    }
    for (FakeHttpServer s : new FakeHttpServer[] {ipamd, imds}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private void start(FakeHttpServer.Responder ipamdAnswer, Duration interval) throws Exception {
    start(ipamdAnswer, interval, ShimConfigs.DISABLED);
  }

  private void start(FakeHttpServer.Responder ipamdAnswer, Duration interval, ShimConfig shim)
      throws Exception {
    ipamd = new FakeHttpServer(ipamdAnswer);
    imds = new FakeHttpServer(FakeHttpServer.fixed(404, "text/plain", new byte[0]));
    agent =
        Agent.start(
            new AgentConfig(
                new CoreConfig(
                    "node-a",
                    new ListenAddress("127.0.0.1", 0),
                    tokenFile,
                    acceptTokenFile,
                    interval,
                    Optional.empty(),
                    "info"),
                new IpamdConfig(Optional.of(ipamd.uri("/metrics")), Duration.ofSeconds(2), MIB),
                shim,
                new ImdsConfig(true, imds.uri(""))));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + agent.port() + path);
  }

  private JsonNode awaitReport(Predicate<JsonNode> condition) throws Exception {
    JsonNode last = null;
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> r = get("/v1/report");
      if (r.statusCode() == 200) {
        last = JSON.readTree(r.body());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("report never matched; last: " + last);
  }

  @Test
  void duringARotationTheAcceptedTokenIsServedToo(@TempDir Path dir) throws Exception {
    String token = "agent-test-token-0123456789abcdef";
    String next = "agent-next-token-0123456789abcdef";
    tokenFile = Optional.of(java.nio.file.Files.writeString(dir.resolve("token"), token + "\n"));
    acceptTokenFile = Optional.of(dir.resolve("accept-token"));
    start(FIXTURE, Duration.ofMillis(200));
    HttpResponse<String> before =
        send(HttpRequest.newBuilder(uri("/v1/report")).header("Authorization", "Bearer " + next));
    assertEquals(401, before.statusCode(), "no accept file yet");
    java.nio.file.Files.writeString(acceptTokenFile.get(), next + "\n");
    Thread.sleep(1100);
    for (String sent : new String[] {token, next}) {
      HttpResponse<String> r =
          send(HttpRequest.newBuilder(uri("/v1/report")).header("Authorization", "Bearer " + sent));
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  @Test
  void withATokenFileMetricsAndTheReportNeedTheTokenAndProbesDoNot(@TempDir Path dir)
      throws Exception {
    String token = "agent-test-token-0123456789abcdef";
    tokenFile = Optional.of(java.nio.file.Files.writeString(dir.resolve("token"), token + "\n"));
    start(FIXTURE, Duration.ofMillis(200));
    for (int i = 0; i < 200 && get("/readyz").statusCode() != 200; i++) {
      Thread.sleep(50);
    }
    assertEquals(200, get("/readyz").statusCode(), "probes need no token");
    assertEquals(200, get("/healthz").statusCode());

    HttpResponse<String> metrics = get("/metrics");
    assertEquals(401, metrics.statusCode());
    assertEquals(
        "/metrics needs the header \"Authorization: Bearer <token>\", found none\n",
        metrics.body());
    HttpResponse<String> report =
        send(HttpRequest.newBuilder(uri("/v1/report")).header("Authorization", "Bearer wrong"));
    assertEquals(401, report.statusCode());
    assertEquals("/v1/report: the bearer token sent is not the one expected\n", report.body());

    HttpResponse<String> authorized =
        send(HttpRequest.newBuilder(uri("/v1/report")).header("Authorization", "Bearer " + token));
    assertEquals(200, authorized.statusCode());
    assertEquals("node-a", JSON.readTree(authorized.body()).path("node").asText());
    String exposition =
        send(HttpRequest.newBuilder(uri("/metrics")).header("Authorization", "Bearer " + token))
            .body();
    assertTrue(
        exposition.contains("cni_metrics_agent_http_shed_total{reason=\"unauthorized\"} 2.0"),
        exposition);
  }

  @Test
  void servesTheReportAndMetricsAndSurvivesIpamdBreaking() throws Exception {
    start(FIXTURE, Duration.ofMillis(200));
    JsonNode up = awaitReport(r -> r.path("ipamd").path("up").asBoolean());
    assertEquals(1, up.path("version").asInt());
    assertEquals("node-a", up.path("node").asText());
    assertEquals(57.0, up.path("counters").path("addReqCount").asDouble());
    assertEquals(false, up.has("instance"), "IMDS answered 404: no instance section");
    assertEquals(200, get("/readyz").statusCode());
    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("cni_metrics_node_ipamd{metric=\"addReqCount\"} 57.0\n"), metrics);
    assertTrue(metrics.contains("cni_metrics_agent_ipamd_up 1.0\n"), metrics);
    assertTrue(metrics.contains("cni_metrics_agent_build_info{version=\"dev\"} 1\n"), metrics);

    String url = ipamd.uri("/metrics").toString();
    ipamd.setResponder(
        (rq, a) -> {
          a.head(200, "Content-Type: text/plain\r\nTransfer-Encoding: chunked");
          byte[] chunk =
              ("10000\r\n" + "#".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          while (release.getCount() > 0) {
            a.raw(chunk);
          }
        });
    JsonNode down = awaitReport(r -> !r.path("ipamd").path("up").asBoolean());
    assertEquals(
        "ipamd " + url + ": response body exceeds 1048576 bytes",
        down.path("ipamd").path("error").asText());
    assertEquals(0, down.path("counters").size());
    assertEquals(200, get("/healthz").statusCode());
    metrics = get("/metrics").body();
    assertTrue(metrics.contains("cni_metrics_agent_ipamd_up 0.0\n"), metrics);
    assertTrue(!metrics.contains("cni_metrics_node_ipamd"), metrics);

    ipamd.setResponder(FakeHttpServer.fixed(500, "text/plain", new byte[0]));
    awaitReport(r -> r.path("ipamd").path("error").asText().endsWith(": HTTP 500 (expected 200)"));

    ipamd.setResponder(FIXTURE);
    awaitReport(r -> r.path("ipamd").path("up").asBoolean());
  }

  @Test
  void aMissingCriSocketLeavesTheIpamdHalfUntouched(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("containerd.sock");
    start(FIXTURE, Duration.ofMillis(200), ShimConfigs.socket(socket));
    awaitReport(r -> r.path("ipamd").path("up").asBoolean());
    String metrics = awaitMetrics(m -> m.contains("reason=\"socket_missing\"} 2.0"));
    assertEquals(200, get("/readyz").statusCode(), "a failing source is not a pending one");
    assertTrue(metrics.contains("cni_metrics_node_ipamd{metric=\"addReqCount\"} 57.0\n"), metrics);
    assertTrue(metrics.contains("cni_metrics_agent_ipamd_up 1.0\n"), metrics);
    assertTrue(!metrics.contains("pod_interface_shim{"), metrics);
    assertTrue(metrics.contains("cni_metrics_agent_interfaces_resolved 0.0\n"), metrics);
    assertTrue(metrics.contains("cni_metrics_agent_shim_age_seconds "), metrics);
  }

  private String awaitMetrics(Predicate<String> condition) throws Exception {
    String last = null;
    for (int i = 0; i < 200; i++) {
      last = get("/metrics").body();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("/metrics never matched; last:\n" + last);
  }

  @Test
  void notReadyUntilTheFirstRefreshFinished() throws Exception {
    CountDownLatch firstAnswer = release;
    start(
        (rq, a) -> {
          firstAnswer.await();
          FIXTURE.respond(rq, a);
        },
        Duration.ofHours(1));
    HttpResponse<String> ready = get("/readyz");
    assertEquals(503, ready.statusCode());
    assertEquals("not ready: first refresh not finished for ipamd\n", ready.body());
    HttpResponse<String> report = get("/v1/report");
    assertEquals(503, report.statusCode());
    assertEquals("no report yet: the first refresh has not finished\n", report.body());
    assertEquals(200, get("/healthz").statusCode());
    firstAnswer.countDown();
    awaitReport(r -> r.path("ipamd").path("up").asBoolean());
    assertEquals(200, get("/readyz").statusCode());
  }

  @Test
  void requestsAreServedFromTheSnapshotWithoutTouchingIpamd() throws Exception {
    start(FIXTURE, Duration.ofHours(1));
    awaitReport(r -> r.path("ipamd").path("up").asBoolean());
    for (int i = 0; i < 10; i++) {
      assertEquals(200, get("/v1/report").statusCode());
      assertEquals(200, get("/metrics").statusCode());
    }
    assertEquals(1, ipamd.requests().size());
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    start(FIXTURE, Duration.ofHours(1));
    HttpResponse<String> missing = get("/v2/report");
    assertEquals(404, missing.statusCode());
    assertEquals("not found: /v2/report\n", missing.body());
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri("/v1/report"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertEquals(405, post.statusCode());
    assertEquals(Optional.of("GET, HEAD"), post.headers().firstValue("Allow"));
    assertEquals(200, get("/").statusCode());
  }
}
