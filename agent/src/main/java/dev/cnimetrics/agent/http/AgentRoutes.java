package dev.cnimetrics.agent.http;

import dev.cnimetrics.httpserver.BearerToken;
import dev.cnimetrics.httpserver.MetricsRoute;
import dev.cnimetrics.httpserver.Response;
import dev.cnimetrics.httpserver.Routes;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The agent's paths. {@code /metrics} is computed on the server's worker pool; {@code /v1/report},
 * the probes and the index only read what the refresh loop keeps in memory, so they answer inline
 * even while every worker is busy. With a token, {@code /metrics} and {@code /v1/report} need it;
 * the probes and the index never do (the kubelet's probes send none).
 */
public final class AgentRoutes {

  /** The current report JSON; empty until the first refresh finished. */
  public interface ReportSource {
    Optional<String> currentJson();
  }

  private static final String INDEX =
      "cni-metrics agent\n/metrics\n/v1/report\n/healthz\n/readyz\n";

  private AgentRoutes() {}

  public static Routes of(
      PrometheusRegistry registry,
      ReportSource report,
      Supplier<List<String>> pendingCollectors,
      Optional<BearerToken> token) {
    Routes routes =
        new Routes()
            .inline("/healthz", r -> Response.text(200, "ok\n"))
            .inline("/readyz", r -> ready(pendingCollectors.get()))
            .inline("/", r -> Response.text(200, INDEX));
    routes
        .guardedBy(token)
        .pooled("/metrics", MetricsRoute.of(registry))
        .inline("/v1/report", r -> report(report));
    return routes;
  }

  private static Response report(ReportSource report) {
    Optional<String> json = report.currentJson();
    if (json.isPresent()) {
      return Response.of(
          200, "application/json; charset=utf-8", json.get().getBytes(StandardCharsets.UTF_8));
    }
    return Response.text(503, "no report yet: the first refresh has not finished\n");
  }

  private static Response ready(List<String> pending) {
    if (pending.isEmpty()) {
      return Response.text(200, "ready\n");
    }
    return Response.text(
        503, "not ready: first refresh not finished for " + String.join(", ", pending) + "\n");
  }
}
