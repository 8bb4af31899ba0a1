package dev.cnimetrics.agent.ipamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.agent.cli.IpamdOptions.IpamdConfig;
import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.httpclient.BoundedHttpClient;
import dev.cnimetrics.testkit.http.FakeHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ipamd misbehaving in every way the reader must survive, each against a real HTTP server on
 * 127.0.0.1 (a scripted stand-in for ipamd, which cannot run here). Each ends in one exact line.
 */
class IpamdCollectorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
  private static final int MIB = 1024 * 1024;

  private final CountDownLatch release = new CountDownLatch(1);
  private FakeHttpServer server;

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private IpamdSnapshot collect(FakeHttpServer.Responder responder) throws IOException {
    return collect(responder, Duration.ofSeconds(5), MIB);
  }

  private IpamdSnapshot collect(FakeHttpServer.Responder responder, Duration deadline, int max)
      throws IOException {
    server = new FakeHttpServer(responder);
    return collector(server.uri("/metrics"), deadline, max).collect();
  }

  private static IpamdCollector collector(URI url, Duration deadline, int maxBytes) {
    return new IpamdCollector(
        url, new BoundedHttpClient(Duration.ofSeconds(1), deadline, maxBytes), CLOCK);
  }

  private String url() {
    return server.uri("/metrics").toString();
  }

  private static void assertDown(IpamdSnapshot s, String error) {
    assertEquals(IpamdSnapshot.State.DOWN, s.state());
    assertEquals(Optional.of(error), s.error());
    assertEquals(IpamdValues.NONE, s.values());
  }

  @Test
  void upWithTodaysIpamd() throws IOException {
    byte[] body = Fixtures.bytes("ipamd/current.prom");
    IpamdSnapshot s = collect(FakeHttpServer.fixed(200, "text/plain; version=0.0.4", body));
    assertEquals(IpamdSnapshot.State.UP, s.state());
    assertEquals(Optional.empty(), s.error());
    assertEquals(57.0, s.values().counters().get("addReqCount"));
    assertEquals(CLOCK.instant(), s.collectedAt());
    FakeHttpServer.Request request = server.requests().get(0);
    assertEquals("GET", request.method());
    assertEquals("/metrics", request.path());
    assertEquals(IpamdCollector.ACCEPT, request.headers().get("accept"));
  }

  @Test
  void refused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/metrics");
    assertDown(
        collector(url, Duration.ofSeconds(5), MIB).collect(),
        "ipamd " + url + ": connection refused");
  }

  @Test
  void noResponseWithinTheDeadline() throws IOException {
    IpamdSnapshot s = collect((rq, a) -> release.await(), Duration.ofMillis(300), MIB);
    assertDown(s, "ipamd " + url() + ": no complete response within 300ms");
    assertTrue(s.scrapeDurationSeconds().getAsDouble() < 5, "the deadline bounds the scrape");
  }

  @Test
  void bodyTricklingPastTheDeadline() throws IOException {
    IpamdSnapshot s =
        collect(
            (rq, a) -> {
              a.head(200, "Content-Type: text/plain\r\nContent-Length: 1000000");
              while (!release.await(50, TimeUnit.MILLISECONDS)) {
                a.body(new byte[] {'#'});
              }
            },
            Duration.ofMillis(300),
            MIB);
    assertDown(s, "ipamd " + url() + ": no complete response within 300ms");
    assertTrue(s.scrapeDurationSeconds().getAsDouble() < 5, "the deadline bounds the scrape");
  }

  @Test
  void http500() throws IOException {
    byte[] body = "internal error\n".getBytes(StandardCharsets.UTF_8);
    assertDown(
        collect(FakeHttpServer.fixed(500, "text/plain", body)),
        "ipamd " + url() + ": HTTP 500 (expected 200)");
  }

  @Test
  void garbageBytesWithStatus200() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (garbage[i] | 0x80); // no newline, '#' or blank: one malformed line
    }
    IpamdSnapshot s = collect(FakeHttpServer.fixed(200, "text/plain", garbage));
    assertDown(
        s,
        "ipamd " + url() + ": no awscni_ metrics in the response (samples: 0, malformed lines: 1)");
    assertEquals(1, s.parseErrorsTotal());
  }

  @Test
  void anotherExporterAnswering() throws IOException {
    byte[] body = "# TYPE node_load1 gauge\nnode_load1 0.5\n".getBytes(StandardCharsets.UTF_8);
    assertDown(
        collect(FakeHttpServer.fixed(200, "text/plain", body)),
        "ipamd " + url() + ": no awscni_ metrics in the response (samples: 1, malformed lines: 0)");
  }

  @Test
  void garbageInsteadOfHttp() throws IOException {
    byte[] garbage = new byte[512];
    new Random(11).nextBytes(garbage);
    garbage[0] = 'X';
    assertDown(
        collect((rq, a) -> a.raw(garbage)),
        "ipamd " + url() + ": the answer is not an HTTP response");
  }

  @Test
  void truncatedBody() throws IOException {
    byte[] fixture = Fixtures.bytes("ipamd/current.prom");
    assertDown(
        collect(
            (rq, a) -> {
              a.head(200, "Content-Type: text/plain\r\nContent-Length: " + fixture.length);
              a.body(Arrays.copyOf(fixture, fixture.length / 2));
            }),
        "ipamd " + url() + ": connection closed before the response body was complete");
  }

  @Test
  void truncatedChunkedBody() throws IOException {
    assertDown(
        collect(
            (rq, a) -> {
              a.head(200, "Content-Type: text/plain\r\nTransfer-Encoding: chunked");
              a.raw("1000\r\nawscni_eni_max 3\n".getBytes(StandardCharsets.US_ASCII));
            }),
        "ipamd " + url() + ": connection closed before the response body was complete");
  }

  @Test
  void closedWithoutAnswer() throws IOException {
    assertDown(
        collect((rq, a) -> {}),
        "ipamd " + url() + ": connection closed before a response was received");
  }

  @Test
  void endlessBodyIsCutAtTheLimitAndTheConnectionClosed() throws Exception {
    byte[] line = "awscni_add_ip_req_count{fn=\"x\"} 1\n".getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[64 * 1024 / line.length * line.length];
    for (int i = 0; i < chunk.length; i += line.length) {
      System.arraycopy(line, 0, chunk, i, line.length);
    }
    byte[] chunkHead =
        (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] crlf = {'\r', '\n'};
    IpamdSnapshot s =
        collect(
            (rq, a) -> {
              a.head(200, "Content-Type: text/plain\r\nTransfer-Encoding: chunked");
              // endless, unless the client never hangs up (then stop at 4 GiB and fail below)
              for (long sent = 0; sent < (4L << 30); sent += chunk.length) {
                a.raw(chunkHead);
                a.body(chunk);
                a.raw(crlf);
              }
            },
            Duration.ofSeconds(20),
            MIB);
    assertDown(s, "ipamd " + url() + ": response body exceeds 1048576 bytes");
    for (int i = 0; i < 100 && server.clientHangups() == 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(1, server.clientHangups(), "the agent closed the connection");
    assertTrue(
        server.bodyBytesWritten() < 64L * MIB,
        "only the limit plus socket buffers were sent: " + server.bodyBytesWritten());
  }

  @Test
  void malformedLinesAreCountedAcrossRefreshesAndTheRestIsServed() throws IOException {
    String body = Fixtures.text("ipamd/current.prom") + "bad line here\nawscni_eni_max{ 1\n";
    server =
        new FakeHttpServer(
            FakeHttpServer.fixed(200, "text/plain", body.getBytes(StandardCharsets.UTF_8)));
    IpamdCollector collector = collector(server.uri("/metrics"), Duration.ofSeconds(5), MIB);
    collector.collect();
    IpamdSnapshot second = collector.collect();
    assertEquals(IpamdSnapshot.State.UP, second.state());
    assertEquals(4, second.parseErrorsTotal());
    assertEquals(3.0, second.values().gauges().get("eniMaxAvailable"));
  }

  @Test
  void disabledNeverTouchesTheNetwork() {
    IpamdSnapshot s =
        IpamdCollector.from(new IpamdConfig(Optional.empty(), Duration.ofSeconds(5), MIB), CLOCK)
            .collect();
    assertEquals(IpamdSnapshot.State.DISABLED, s.state());
    assertEquals(Optional.of("ipamd disabled (--ipamd-url=none)"), s.error());
    assertEquals(List.of(), s.metrics());
  }
}
