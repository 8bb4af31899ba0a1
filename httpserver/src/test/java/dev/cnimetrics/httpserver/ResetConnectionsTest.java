package dev.cnimetrics.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 200 clients reset their connection mid-request or mid-answer (client_java's server logged 5,373
 * lines of JUL SEVERE stack traces for that). A client hang-up is nobody's problem: no stack trace,
 * at most the once-a-minute shed line per reason.
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
      // The 100 complete requests were queued before their clients hung up; until the pool has
      // worked through them a new scrape may be shed with 503 + Retry-After (a loaded machine saw
      // it), and must be answered once it has.
      HttpClient client = HttpClient.newHttpClient();
      int status = 0;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        status = Servers.get(client, server.port(), "/metrics").statusCode();
        if (status != 503) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(200, status);
    } finally {
      System.setErr(stderr);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    stderr.print(log);
    assertTrue(!log.contains("Exception") && !log.contains("\tat "), log);
    List<String> reasons =
        log.lines().map(l -> l.replaceFirst(".* shed reason=(\\w+) .*", "$1")).toList();
    assertTrue(
        reasons.stream().allMatch(r -> r.matches("\\w+"))
            && reasons.size() == Set.copyOf(reasons).size(),
        "log lines for 200 resets (one shed line per reason at most):\n" + log);
  }
}
