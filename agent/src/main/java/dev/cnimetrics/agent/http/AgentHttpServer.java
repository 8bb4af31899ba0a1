package dev.cnimetrics.agent.http;

import dev.cnimetrics.agent.cli.ListenAddress;
import dev.cnimetrics.httpserver.BoundedHttpServer;
import dev.cnimetrics.httpserver.Routes;
import dev.cnimetrics.httpserver.ServerLimits;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The agent's HTTP server: the project's {@link BoundedHttpServer} (the agent is on the host
 * network, so anything on the node can reach it; every connection and request is bounded there).
 */
public final class AgentHttpServer implements AutoCloseable {

  private final BoundedHttpServer server;

  private AgentHttpServer(BoundedHttpServer server) {
    this.server = server;
  }

  /** Binds and starts; the IOException (e.g. address in use) is the caller's to report. */
  public static AgentHttpServer start(
      ListenAddress listen, PrometheusRegistry registry, Routes routes) throws IOException {
    return new AgentHttpServer(
        BoundedHttpServer.start(
            "agent",
            new InetSocketAddress(listen.host(), listen.port()),
            ServerLimits.DEFAULT,
            routes,
            "cni_metrics_agent",
            registry));
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
