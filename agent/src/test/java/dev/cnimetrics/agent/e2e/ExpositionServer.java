package dev.cnimetrics.agent.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * A loopback HTTP server on a free port that answers one path with a Prometheus text exposition
 * built on each request, for the stand-ins of the exporters Prometheus scrapes in the tests. A
 * failure to build it answers 500 with the error, which Prometheus shows as the target's error.
 */
final class ExpositionServer implements AutoCloseable {

  private final HttpServer server;

  ExpositionServer(String path, String name, Callable<String> exposition) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        path,
        exchange -> {
          byte[] body;
          int status = 200;
          try {
            body = exposition.call().getBytes(StandardCharsets.UTF_8);
          } catch (Exception e) {
            status = 500;
            body = (name + ": " + e).getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String target() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
