package dev.cnimetrics.httpclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.testkit.http.FakeHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The framing and failure paths of the socket client that the ipamd and IMDS tests do not reach
 * (those cover deadlines, truncation, refusal and the streaming limit).
 */
class BoundedHttpClientTest {
  private static final BoundedHttpClient CLIENT =
      new BoundedHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(5), 1024);

  private FakeHttpServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private URI serve(FakeHttpServer.Responder responder) throws IOException {
    server = new FakeHttpServer(responder);
    return server.uri("/metrics?x=1");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String failure(URI url) {
    return assertThrows(FetchException.class, () -> CLIENT.send("GET", url, Map.of())).getMessage();
  }

  @Test
  void sendsOneRequestLineWithHostAndHeaders() throws Exception {
    URI url = serve(FakeHttpServer.fixed(200, "text/plain", ascii("ok")));
    HttpResult r = CLIENT.send("PUT", url, Map.of("X-Token", "abc"));
    assertEquals(200, r.status());
    assertArrayEquals(ascii("ok"), r.body());
    FakeHttpServer.Request request = server.requests().get(0);
    assertEquals("PUT", request.method());
    assertEquals("/metrics?x=1", request.path());
    assertEquals("127.0.0.1:" + url.getPort(), request.headers().get("host"));
    assertEquals("abc", request.headers().get("x-token"));
    assertEquals("0", request.headers().get("content-length"));
  }

  @Test
  void chunkedWithExtensionsAndTrailers() throws Exception {
    URI url =
        serve(
            (rq, a) -> {
              a.head(200, "Transfer-Encoding: chunked");
              a.raw(ascii("3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"));
            });
    assertArrayEquals(ascii("abcde"), CLIENT.send("GET", url, Map.of()).body());
  }

  @Test
  void bodyUntilTheConnectionCloses() throws Exception {
    URI url =
        serve(
            (rq, a) -> {
              a.raw(ascii("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"));
              a.raw(ascii("until the end"));
            });
    assertArrayEquals(ascii("until the end"), CLIENT.send("GET", url, Map.of()).body());
  }

  @Test
  void informationalAnswersAreSkipped() throws Exception {
    URI url =
        serve(
            (rq, a) -> {
              a.raw(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
              a.head(404, "Content-Length: 4");
              a.raw(ascii("gone"));
            });
    HttpResult r = CLIENT.send("GET", url, Map.of());
    assertEquals(404, r.status());
    assertArrayEquals(ascii("gone"), r.body());
  }

  @Test
  void aDeclaredLengthOverTheLimitFailsBeforeReading() throws IOException {
    URI url = serve((rq, a) -> a.head(200, "Content-Length: 1025"));
    assertEquals("response body exceeds 1024 bytes", failure(url));
  }

  @Test
  void aClosedDelimitedBodyOverTheLimit() throws IOException {
    URI url =
        serve(
            (rq, a) -> {
              a.raw(ascii("HTTP/1.1 200 OK\r\n\r\n"));
              a.body(new byte[2000]);
            });
    assertEquals("response body exceeds 1024 bytes", failure(url));
  }

  @Test
  void malformedContentLength() throws IOException {
    URI url = serve((rq, a) -> a.head(200, "Content-Length: -3"));
    assertEquals("malformed Content-Length \"-3\"", failure(url));
  }

  @Test
  void malformedChunkSize() throws IOException {
    URI url =
        serve(
            (rq, a) -> {
              a.head(200, "Transfer-Encoding: chunked");
              a.raw(ascii("zz\r\n"));
            });
    assertEquals("malformed chunk size in the response body: \"zz\"", failure(url));
  }

  @Test
  void aChunkLongerThanItsSize() throws IOException {
    URI url =
        serve(
            (rq, a) -> {
              a.head(200, "Transfer-Encoding: chunked");
              a.raw(ascii("2\r\nabc\r\n0\r\n\r\n"));
            });
    assertEquals("malformed chunked response body: no CRLF after a chunk", failure(url));
  }

  @Test
  void aHeaderLineWithoutAColon() throws IOException {
    URI url = serve((rq, a) -> a.raw(ascii("HTTP/1.1 200 OK\r\nnonsense\r\n\r\n")));
    assertEquals("the answer is not an HTTP response", failure(url));
  }

  @Test
  void anEndlessHead() throws IOException {
    URI url =
        serve(
            (rq, a) -> {
              a.raw(ascii("HTTP/1.1 200 OK\r\n"));
              for (int i = 0; i < 10_000; i++) {
                a.raw(ascii("X-Filler: " + "f".repeat(40) + "\r\n"));
              }
            });
    assertEquals("response head exceeds 65536 bytes", failure(url));
  }

  @Test
  void anUnresolvableHost() {
    URI url = URI.create("http://no-such-host.invalid:61678/metrics");
    assertEquals("cannot resolve the host name", failure(url));
  }
}
