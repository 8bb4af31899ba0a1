package dev.cnimetrics.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * 200 clients reset their connection mid-request or mid-answer (client_java's server logged 5,373
 * lines of JUL SEVERE stack traces for that). A client hang-up is nobody's problem: no stack trace,
 * at most the once-a-minute shed line.
 */
class ResetConnectionsTest {
  @Test
  void clientsThatResetLeaveNoStackTraceAndAtMostOneLinePerReason() throws Exception {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // slf4j-simple looks System.err up at every line.
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try (BoundedHttpServer server = Servers.start(Servers.registry(), ServerLimits.DEFAULT)) {
      for (int i = 0; i < 200; i++) {
        try (Socket s = new Socket()) {
          s.connect(server.address(), 5000);
          s.setSoLinger(true, 0);
          String request = i % 2 == 0 ? "GET /metr" : "GET /metrics HTTP/1.1\r\n\r\n";
          s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        }
      }
      HttpClient client = HttpClient.newHttpClient();
      assertEquals(200, Servers.get(client, server.port(), "/metrics").statusCode());
    } finally {
      System.setErr(stderr);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    stderr.print(log);
    assertTrue(!log.contains("Exception") && !log.contains("\tat "), log);
    assertTrue(log.lines().count() <= 2, "log lines for 200 resets:\n" + log);
  }
}
