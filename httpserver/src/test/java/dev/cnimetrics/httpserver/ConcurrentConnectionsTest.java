package dev.cnimetrics.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 2,000 clients connect at once and each sends a complete request. Every one gets an answer or a
 * closed connection within the deadline (none hangs), at least the connection limit's worth are
 * answered, and the server serves normally afterwards.
 */
class ConcurrentConnectionsTest {
  private static final int CLIENTS = 2000;

  @Test
  void twoThousandConnectionsAreAnsweredOrShedAndTheServerStaysUp() throws Exception {
    var registry = Servers.registry();
    try (BoundedHttpServer server = Servers.start(registry, ServerLimits.DEFAULT)) {
      byte[] request =
          "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      List<Socket> sockets = new ArrayList<>();
      long start = System.nanoTime();
      int answered = 0;
      int shed = 0;
      try {
        for (int i = 0; i < CLIENTS; i++) {
          Socket s = new Socket();
          s.connect(server.address(), 10_000);
          s.setSoTimeout(10_000);
          sockets.add(s);
          try {
            s.getOutputStream().write(request);
          } catch (IOException e) {
            // Closed at accept (the connection limit) before the request went out.
          }
        }
        for (Socket s : sockets) {
          String answer = readAll(s);
          if (answer.startsWith("HTTP/1.1 200 OK")) {
            answered++;
          } else {
            assertEquals("", answer, "an answer that is neither 200 nor a closed connection");
            shed++;
          }
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "%d concurrent connections: %d answered, %d shed, %d ms%n",
          CLIENTS, answered, shed, millis);
      assertEquals(CLIENTS, answered + shed);
      assertTrue(answered >= ServerLimits.DEFAULT.maxConnections(), "answered only " + answered);
      HttpClient client = HttpClient.newHttpClient();
      assertEquals(200, Servers.get(client, server.port(), "/metrics").statusCode());
    }
  }

  /** Everything until the server closes; empty when it closed or reset without answering. */
  private static String readAll(Socket s) throws IOException {
    StringBuilder out = new StringBuilder();
    byte[] buf = new byte[512];
    try {
      InputStream in = s.getInputStream();
      for (int n; (n = in.read(buf)) > 0; ) {
        out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection neither answered nor closed within 10 s", e);
    } catch (IOException e) {
      // Reset: shed.
    }
    return out.toString();
  }
}
