package dev.cnimetrics.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client sees: exact paths, methods, head limits, a saturated pool, probes meanwhile. */
class RoutesAndLimitsTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private BoundedHttpServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private BoundedHttpServer start(Routes routes, ServerLimits limits) throws IOException {
    var registry = Servers.registry();
    server =
        BoundedHttpServer.start(
            "test",
            new java.net.InetSocketAddress("127.0.0.1", 0),
            limits,
            routes.pooled("/metrics", MetricsRoute.of(registry)),
            "test",
            registry);
    return server;
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void onlyExactPathsAndGetOrHeadAreServed() throws Exception {
    start(new Routes().inline("/healthz", r -> Response.text(200, "ok\n")), ServerLimits.DEFAULT);
    assertTrue(raw("GET /healthz HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200 OK"));
    for (String path : List.of("/metricsXYZ", "/metrics/../healthz", "/healthz/", "/Metrics")) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 404 Not Found"), path + ": " + answer);
    }
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
      String answer = raw(method + " /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
      assertTrue(answer.startsWith("HTTP/1.1 405 Method Not Allowed"), method + ": " + answer);
      assertTrue(answer.contains("\r\nAllow: GET, HEAD\r\n"), answer);
    }
    String head = raw("HEAD /healthz HTTP/1.1\r\n\r\n");
    assertTrue(head.startsWith("HTTP/1.1 200 OK") && head.contains("Content-Length: 3\r\n"), head);
    assertTrue(head.endsWith("\r\n\r\n"), "HEAD answer carries a body: " + head);
    String query = raw("GET /metrics?name[]=attack_probe_total HTTP/1.1\r\n\r\n");
    assertTrue(query.contains("attack_probe_total 1.0"), query);
  }

  @Test
  void badAndOversizedHeadsAreRefusedWithOneAnswer() throws Exception {
    start(new Routes(), ServerLimits.DEFAULT);
    assertTrue(raw("hello\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request"));
    assertTrue(raw("GET http://x/metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 400"));
    String big = "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(10_000) + "\r\n\r\n";
    assertTrue(raw(big).startsWith("HTTP/1.1 431"), "no 431 for a 10 kB head");
  }

  @Test
  void probesAnswerWhileEveryWorkerIsBusyAndMoreMetricsAreShed() throws Exception {
    ServerLimits limits =
        new ServerLimits(
            64, 64, java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(10), 8192, 2, 2);
    start(
        new Routes()
            .inline("/healthz", r -> Response.text(200, "ok\n"))
            .pooled(
                "/slow",
                r -> {
                  try {
                    release.await(20, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return Response.text(200, "slow\n");
                }),
        limits);
    HttpClient client = HttpClient.newHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slow.add(pool.submit(() -> Servers.get(client, server.port(), "/slow").statusCode()));
      }
      Thread.sleep(500);
      // 2 workers + 2 queued hold the pool: the next pooled request is shed at once.
      assertEquals(503, Servers.get(client, server.port(), "/metrics").statusCode());
      long start = System.nanoTime();
      assertEquals(200, Servers.get(client, server.port(), "/healthz").statusCode());
      System.out.printf(
          "probe with every worker busy: %d ms%n", (System.nanoTime() - start) / 1_000_000);
      release.countDown();
      for (Future<Integer> f : slow) {
        assertEquals(200, f.get(10, TimeUnit.SECONDS));
      }
      assertEquals(200, Servers.get(client, server.port(), "/metrics").statusCode());
    } finally {
      pool.shutdownNow();
    }
  }
}
