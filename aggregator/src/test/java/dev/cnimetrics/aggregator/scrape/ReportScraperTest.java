package dev.cnimetrics.aggregator.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cnimetrics.aggregator.aggregate.NodeResult;
import dev.cnimetrics.aggregator.cycle.StaticTargets;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import dev.cnimetrics.aggregator.testing.ReportJson;
import dev.cnimetrics.httpserver.BearerToken;
import dev.cnimetrics.httpserver.BoundedHttpServer;
import dev.cnimetrics.httpserver.Response;
import dev.cnimetrics.httpserver.Routes;
import dev.cnimetrics.httpserver.ServerLimits;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way an agent can fail gives one line naming the agent, the expectation and what came. */
class ReportScraperTest {
  private static final Kind[] KINDS = {
    Kind.OK, Kind.SLOW, Kind.REFUSE, Kind.BAD_JSON, Kind.WRONG_VERSION, Kind.HUGE, Kind.HTTP_500
  };

  @Test
  void everyFailureIsOneClearLineAndTheOthersAreUnaffected() throws Exception {
    try (FakeAgentFleet fleet =
        new FakeAgentFleet(
            KINDS.length,
            i -> KINDS[i],
            (i, n) -> ReportJson.node("n" + i).counter("addReqCount", n).json(),
            Duration.ofSeconds(5))) {
      ReportScraper scraper =
          new ReportScraper(
              HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
              Duration.ofMillis(700),
              2,
              64 * 1024);
      List<NodeResult> results =
          scraper.scrape(new StaticTargets(fleet.addresses()).targets(), Duration.ofSeconds(2));

      assertNotNull(results.get(0).report());
      List<InetSocketAddress> a = fleet.addresses();
      assertEquals("agent " + hp(a.get(1)) + ": no report within 700ms", results.get(1).failure());
      assertEquals("agent " + hp(a.get(2)) + ": connection refused", results.get(2).failure());
      assertEquals(
          "agent "
              + hp(a.get(3))
              + ": expected a JSON report, found invalid JSON (Unexpected end-of-input within/between"
              + " Object entries at line 1 column 14)",
          results.get(3).failure());
      assertEquals(
          "agent " + hp(a.get(4)) + ": expected \"version\": 1, found 2", results.get(4).failure());
      assertEquals(
          "agent "
              + hp(a.get(5))
              + ": expected a report of at most 65536 bytes, found a larger one",
          results.get(5).failure());
      assertEquals(
          "agent " + hp(a.get(6)) + ": expected HTTP 200 from /v1/report, found 500",
          results.get(6).failure());
    }
  }

  /**
   * Agents run with --auth-token-file: the project's own server guards /v1/report as the agent
   * does. Without the token, or with another, the node fails with one line saying which.
   */
  @Test
  void theTokenOfAuthTokenFileIsSentToTheAgents(@TempDir Path dir) throws Exception {
    Path agentSecret = Files.writeString(dir.resolve("agent"), "agents-shared-token-0123456789\n");
    Path otherSecret = Files.writeString(dir.resolve("other"), "another-token-9876543210abcdef\n");
    Routes routes = new Routes();
    routes
        .guardedBy(Optional.of(BearerToken.fromFile("--auth-token-file", agentSecret)))
        .inline(
            "/v1/report",
            r ->
                Response.of(
                    200,
                    "application/json",
                    ReportJson.node("n0").json().getBytes(StandardCharsets.UTF_8)));
    try (BoundedHttpServer agent =
        BoundedHttpServer.start(
            "agent",
            new InetSocketAddress("127.0.0.1", 0),
            ServerLimits.DEFAULT,
            routes,
            "agent",
            new PrometheusRegistry())) {
      List<AgentTarget> targets =
          new StaticTargets(List.of(new InetSocketAddress("127.0.0.1", agent.port()))).targets();
      String where = "agent 127.0.0.1:" + agent.port();
      HttpClient http = HttpClient.newHttpClient();
      Duration t = Duration.ofSeconds(5);
      assertEquals(
          where
              + ": expected HTTP 200 from /v1/report, found 401 (the agent wants a bearer token:"
              + " set --auth-token-file)",
          new ReportScraper(http, t, 1, 65536).scrape(targets, t).get(0).failure());
      Optional<BearerToken> other =
          Optional.of(BearerToken.fromFile("--auth-token-file", otherSecret));
      assertEquals(
          where
              + ": expected HTTP 200 from /v1/report, found 401 (the agent wants another bearer"
              + " token than --auth-token-file's)",
          new ReportScraper(http, t, 1, 65536, other).scrape(targets, t).get(0).failure());
      Optional<BearerToken> same =
          Optional.of(BearerToken.fromFile("--auth-token-file", agentSecret));
      assertEquals(
          "n0",
          new ReportScraper(http, t, 1, 65536, same).scrape(targets, t).get(0).report().node());
    }
  }

  @Test
  void agentsNotStartedBeforeTheDeadlineAreReportedAsSuch() throws Exception {
    try (FakeAgentFleet fleet =
        new FakeAgentFleet(
            3, i -> Kind.SLOW, (i, n) -> ReportJson.node("n").json(), Duration.ofSeconds(5))) {
      ReportScraper oneAtATime =
          new ReportScraper(HttpClient.newHttpClient(), Duration.ofMillis(600), 1, 64 * 1024);
      List<NodeResult> results =
          oneAtATime.scrape(new StaticTargets(fleet.addresses()).targets(), Duration.ofMillis(900));
      assertEquals(
          "agent " + hp(fleet.addresses().get(0)) + ": no report within 600ms",
          results.get(0).failure());
      assertEquals(
          "agent " + hp(fleet.addresses().get(2)) + ": no report before the cycle deadline (900ms)",
          results.get(2).failure());
    }
  }

  private static String hp(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
