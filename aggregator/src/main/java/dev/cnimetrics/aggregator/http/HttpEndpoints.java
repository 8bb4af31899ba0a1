package dev.cnimetrics.aggregator.http;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /metrics}, {@code /healthz} (the process serves) and {@code /readyz} (set up). */
public final class HttpEndpoints implements AutoCloseable {
  private final HTTPServer server;

  public HttpEndpoints(InetSocketAddress listen, AggregatorMetrics metrics, BooleanSupplier ready)
      throws IOException {
    server =
        HTTPServer.builder()
            .hostname(listen.getHostString())
            .port(listen.getPort())
            .registry(metrics.registry())
            .defaultHandler(exchange -> answer(exchange, ready))
            .buildAndStart();
  }

  public int port() {
    return server.getPort();
  }

  private static void answer(HttpExchange exchange, BooleanSupplier ready) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int status;
    String body;
    if (path.equals("/healthz")) {
      status = 200;
      body = "ok\n";
    } else if (path.equals("/readyz")) {
      boolean ok = ready.getAsBoolean();
      status = ok ? 200 : 503;
      body = ok ? "ready\n" : "not ready: agent discovery has not synced yet\n";
    } else {
      status = 404;
      body = "not found; try /metrics, /healthz or /readyz\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
