package dev.cnimetrics.httpserver;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A server as the programs build one: /metrics pooled, probes inline. */
final class Servers {
  private Servers() {}

  static final Duration GENEROUS = Duration.ofSeconds(10);

  static PrometheusRegistry registry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("attack_probe_total").help("h").register(registry).inc();
    return registry;
  }

  static BoundedHttpServer start(PrometheusRegistry registry, ServerLimits limits)
      throws IOException {
    Routes routes =
        new Routes()
            .pooled("/metrics", MetricsRoute.of(registry))
            .inline("/healthz", r -> Response.text(200, "ok\n"));
    return BoundedHttpServer.start(
        "test", new InetSocketAddress("127.0.0.1", 0), limits, routes, "test", registry);
  }

  static HttpResponse<String> get(HttpClient client, int port, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(GENEROUS)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
