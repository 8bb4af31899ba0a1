package dev.cnimetrics.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every path except {@code /metrics}: {@code /v1/report}, {@code /healthz}, {@code /readyz} and a
 * plain index at {@code /}. Installed as the client library's default handler, which receives every
 * path no other context claims (its HTTPServer 1.8.0 has no way to add further contexts).
 */
public final class AgentRoutes implements HttpHandler {

  /** The current report JSON; empty until the first refresh finished. */
  public interface ReportSource {
    Optional<String> currentJson();
  }

  private static final String INDEX =
      "cni-metrics agent\n/metrics\n/v1/report\n/healthz\n/readyz\n";

  private final ReportSource report;
  private final Supplier<List<String>> pendingCollectors;

  public AgentRoutes(ReportSource report, Supplier<List<String>> pendingCollectors) {
    this.report = report;
    this.pendingCollectors = pendingCollectors;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // Requests carry no body worth reading; drain without buffering so none can fill the heap.
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "method " + method + " not allowed, use GET\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/v1/report" -> report(exchange);
        case "/healthz" -> send(exchange, 200, "text/plain", "ok\n");
        case "/readyz" -> ready(exchange);
        case "/" -> send(exchange, 200, "text/plain", INDEX);
        default -> send(exchange, 404, "text/plain", "not found: " + path + "\n");
      }
    }
  }

  private void report(HttpExchange exchange) throws IOException {
    Optional<String> json = report.currentJson();
    if (json.isPresent()) {
      send(exchange, 200, "application/json", json.get());
    } else {
      send(exchange, 503, "text/plain", "no report yet: the first refresh has not finished\n");
    }
  }

  private void ready(HttpExchange exchange) throws IOException {
    List<String> pending = pendingCollectors.get();
    if (pending.isEmpty()) {
      send(exchange, 200, "text/plain", "ready\n");
    } else {
      send(
          exchange,
          503,
          "text/plain",
          "not ready: first refresh not finished for " + String.join(", ", pending) + "\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
