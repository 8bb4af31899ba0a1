package dev.cnimetrics.aggregator.http;

import dev.cnimetrics.httpserver.BoundedHttpServer;
import dev.cnimetrics.httpserver.MetricsRoute;
import dev.cnimetrics.httpserver.Response;
import dev.cnimetrics.httpserver.Routes;
import dev.cnimetrics.httpserver.ServerLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (on the server's worker pool), {@code /healthz} (the process serves) and {@code
 * /readyz} (set up), both answered inline so they answer while {@code /metrics} is busy; the
 * project's {@link BoundedHttpServer} bounds every connection and request.
 */
public final class HttpEndpoints implements AutoCloseable {
  private final BoundedHttpServer server;

  public HttpEndpoints(InetSocketAddress listen, AggregatorMetrics metrics, BooleanSupplier ready)
      throws IOException {
    Routes routes =
        new Routes()
            .pooled("/metrics", MetricsRoute.of(metrics.registry()))
            .inline("/healthz", r -> Response.text(200, "ok\n"))
            .inline(
                "/readyz",
                r ->
                    ready.getAsBoolean()
                        ? Response.text(200, "ready\n")
                        : Response.text(503, "not ready: agent discovery has not synced yet\n"));
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
