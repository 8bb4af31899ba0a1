package dev.cnimetrics.agent.http;

import dev.cnimetrics.agent.cli.ListenAddress;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * The agent's HTTP server: client_java's {@link HTTPServer} serves {@code /metrics} from the
 * registry (text, OpenMetrics or protobuf as the scraper asks); {@link AgentRoutes} serves the
 * rest.
 */
public final class AgentHttpServer implements AutoCloseable {

  private final HTTPServer server;

  private AgentHttpServer(HTTPServer server) {
    this.server = server;
  }

  /** Binds and starts; the IOException (e.g. address in use) is the caller's to report. */
  public static AgentHttpServer start(
      ListenAddress listen, PrometheusRegistry registry, AgentRoutes routes) throws IOException {
    HTTPServer server =
        HTTPServer.builder()
            .hostname(listen.host())
            .port(listen.port())
            .registry(registry)
            .defaultHandler(routes)
            .registerHealthHandler(false)
            .buildAndStart();
    return new AgentHttpServer(server);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
