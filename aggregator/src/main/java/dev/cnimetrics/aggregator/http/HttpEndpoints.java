package dev.cnimetrics.aggregator.http;

import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.httpserver.BearerToken;
import dev.cnimetrics.httpserver.BoundedHttpServer;
import dev.cnimetrics.httpserver.MetricsRoute;
import dev.cnimetrics.httpserver.Response;
import dev.cnimetrics.httpserver.Routes;
import dev.cnimetrics.httpserver.ServerLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (on the server's worker pool), {@code /healthz} (the process serves) and {@code
 * /readyz} (set up), both answered inline so they answer while {@code /metrics} is busy; the
 * project's {@link BoundedHttpServer} bounds every connection and request. With a token, {@code
 * /metrics} needs it; the probes never do.
 */
public final class HttpEndpoints implements AutoCloseable {
  private final BoundedHttpServer server;

  public HttpEndpoints(
      InetSocketAddress listen,
      AggregatorMetrics metrics,
      BooleanSupplier ready,
      Optional<BearerToken> token)
      throws IOException {
    Routes routes =
        new Routes()
            .inline("/healthz", r -> Response.text(200, "ok\n"))
            .inline(
                "/readyz",
                r ->
                    ready.getAsBoolean()
                        ? Response.text(200, "ready\n")
                        : Response.text(503, "not ready: agent discovery has not synced yet\n"));
    routes.guardedBy(token).pooled("/metrics", MetricsRoute.of(metrics.registry()));
    server =
        BoundedHttpServer.start(
            "aggregator",
            listen,
            ServerLimits.DEFAULT,
            routes,
            "cni_metrics_aggregator",
            metrics.registry());
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
