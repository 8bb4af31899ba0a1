package dev.cnimetrics.aggregator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.aggregator.sink.PrometheusSink;
import dev.cnimetrics.aggregator.sink.Publication;
import dev.cnimetrics.httpserver.BearerToken;
import dev.cnimetrics.report.Unit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpEndpointsTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withATokenMetricsNeedsItAndTheProbesDoNot(@TempDir Path dir) throws Exception {
    String secret = "prometheus-shared-token-0123456789";
    Optional<BearerToken> token =
        Optional.of(
            BearerToken.fromFile(
                "--auth-token-file", Files.writeString(dir.resolve("token"), secret)));
    try (HttpEndpoints endpoints =
        new HttpEndpoints(
            new InetSocketAddress("127.0.0.1", 0), new AggregatorMetrics(), () -> true, token)) {
      int port = endpoints.port();
      HttpResponse<String> refused = get(port, "/metrics");
      assertEquals(401, refused.statusCode());
      assertEquals(
          "/metrics needs the header \"Authorization: Bearer <token>\", found none\n",
          refused.body());
      assertEquals(200, get(port, "/healthz").statusCode());
      assertEquals(200, get(port, "/readyz").statusCode());
      HttpResponse<String> served =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .header("Authorization", "Bearer " + secret)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode());
      assertTrue(served.body().contains("cni_metrics_aggregator_leader 0.0"), served.body());
    }
  }

  @Test
  void duringARotationMetricsAcceptsTheSecondTokenToo(@TempDir Path dir) throws Exception {
    String secret = "prometheus-shared-token-0123456789";
    String next = "prometheus-next-token-0123456789";
    BearerToken token =
        BearerToken.fromFile("--auth-token-file", Files.writeString(dir.resolve("token"), secret))
            .alsoAccepting(
                "--auth-accept-token-file", Files.writeString(dir.resolve("accept-token"), next));
    try (HttpEndpoints endpoints =
        new HttpEndpoints(
            new InetSocketAddress("127.0.0.1", 0),
            new AggregatorMetrics(),
            () -> true,
            Optional.of(token))) {
      for (String sent : new String[] {secret, next}) {
        HttpResponse<String> served =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + endpoints.port() + "/metrics"))
                    .header("Authorization", "Bearer " + sent)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode(), served.body());
      }
      assertEquals("Bearer " + secret, token.header(), "the aggregator sends the token only");
    }
  }

  @Test
  void leaderShowsClusterValuesFollowerShowsLeaderZero() throws Exception {
    AggregatorMetrics metrics = new AggregatorMetrics();
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HttpEndpoints endpoints =
        new HttpEndpoints(
            new InetSocketAddress("127.0.0.1", 0), metrics, ready::get, Optional.empty())) {
      int port = endpoints.port();
      assertEquals(200, get(port, "/healthz").statusCode());
      assertEquals(503, get(port, "/readyz").statusCode());
      ready.set(true);
      assertEquals(200, get(port, "/readyz").statusCode());
      assertEquals(404, get(port, "/other").statusCode());

      metrics.leader(true);
      PrometheusSink sink = new PrometheusSink(metrics);
      sink.publish(
          new Publication(
              Instant.parse("2026-11-21T10:00:30Z"),
              new Coverage(3, 2, 1, 0),
              List.of(
                  new MetricValue("addReqCount", 16, Unit.COUNT),
                  new MetricValue("awsAPILatency", 2.5, Unit.MILLISECONDS)),
              new EnumMap<>(ExtraDimension.class)),
          "prod");
      metrics.cycle(new Coverage(3, 2, 1, 0), 0.25);
      metrics.request("ok");
      String body = get(port, "/metrics").body();
      assertTrue(body.contains("cni_metrics_cluster{metric=\"addReqCount\"} 16.0"), body);
      assertTrue(body.contains("cni_metrics_cluster{metric=\"awsAPILatency\"} 2.5"), body);
      assertTrue(body.contains("cni_metrics_aggregator_leader 1.0"), body);
      assertTrue(body.contains("cni_metrics_aggregator_nodes{state=\"stale\"} 1.0"), body);
      assertTrue(body.contains("cni_metrics_aggregator_cycle_duration_seconds 0.25"), body);
      assertTrue(
          body.contains("cni_metrics_aggregator_cloudwatch_requests_total{result=\"ok\"} 1.0"),
          body);

      metrics.leader(false);
      sink.leadershipLost();
      String follower = get(port, "/metrics").body();
      assertTrue(follower.contains("cni_metrics_aggregator_leader 0.0"), follower);
      assertFalse(follower.contains("cni_metrics_cluster{"), follower);
      assertFalse(follower.contains("cni_metrics_aggregator_nodes{"), follower);
    }
  }
}
