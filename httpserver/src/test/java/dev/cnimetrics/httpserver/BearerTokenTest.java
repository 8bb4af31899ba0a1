package dev.cnimetrics.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional bearer token on guarded routes, as a scraper sees it: refused without it or with
 * another, served with it; a rotated Secret takes effect without a restart.
 */
class BearerTokenTest {
  static final String TOKEN = "s3cr3t-Token.for_cni~metrics+1/2";
  static final String NEXT = "n3xt-token-after-rotation-0123456789";

  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private BoundedHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A Secret volume as the kubelet writes it: the file is a symlink through {@code ..data}, which
   * is swapped atomically to a new timestamped directory on every update.
   */
  private Path secretVolume(String token) throws IOException {
    Path data = Files.createDirectory(dir.resolve("..2026_12_01_00_00_00.1"));
    Files.writeString(data.resolve("token"), token + "\n");
    Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(dir.resolve("token"), Path.of("..data", "token"));
    return dir.resolve("token");
  }

  private void rotate(String token) throws IOException {
    Path data = Files.createDirectory(dir.resolve("..2026_12_01_00_05_00.2"));
    Files.writeString(data.resolve("token"), token + "\n");
    Path link = dir.resolve("..data_tmp");
    Files.createSymbolicLink(link, data.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  private int start(BearerToken token, PrometheusRegistry registry) throws IOException {
    Routes routes = new Routes().inline("/healthz", r -> Response.text(200, "ok\n"));
    routes
        .guardedBy(Optional.of(token))
        .pooled("/metrics", MetricsRoute.of(registry))
        .inline("/v1/report", r -> Response.text(200, "{}\n"));
    server =
        BoundedHttpServer.start(
            "test",
            new InetSocketAddress("127.0.0.1", 0),
            ServerLimits.DEFAULT,
            routes,
            "test",
            registry);
    return server.port();
  }

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Servers.GENEROUS);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheTokenGuardedPathsAnswer401WithOneLine() throws Exception {
    PrometheusRegistry registry = Servers.registry();
    int port = start(BearerToken.fromFile("--auth-token-file", secretVolume(TOKEN)), registry);

    HttpResponse<String> none = get(port, "/metrics");
    assertEquals(401, none.statusCode());
    assertEquals(
        "/metrics needs the header \"Authorization: Bearer <token>\", found none\n", none.body());
    assertEquals(
        Optional.of("Bearer realm=\"cni-metrics\""), none.headers().firstValue("WWW-Authenticate"));

    HttpResponse<String> wrong = get(port, "/v1/report", "Authorization", "Bearer " + NEXT);
    assertEquals(401, wrong.statusCode());
    assertEquals("/v1/report: the bearer token sent is not the one expected\n", wrong.body());

    HttpResponse<String> prefix =
        get(port, "/metrics", "Authorization", "Bearer " + TOKEN.substring(0, 20));
    assertEquals(401, prefix.statusCode(), "a prefix of the token is not the token");

    HttpResponse<String> basic = get(port, "/metrics", "Authorization", "Basic " + TOKEN);
    assertEquals(401, basic.statusCode());
    assertEquals(
        "/metrics needs the header \"Authorization: Bearer <token>\", found the scheme \"Basic\"\n",
        basic.body());

    for (HttpResponse<String> r : List.of(none, wrong, prefix, basic)) {
      assertFalse(r.body().contains(TOKEN.substring(0, 8)), "a refusal never shows the token");
      assertEquals(1, r.body().split("\n").length);
    }

    assertEquals(200, get(port, "/metrics", "Authorization", "Bearer " + TOKEN).statusCode());
    assertEquals(200, get(port, "/v1/report", "Authorization", "bearer " + TOKEN).statusCode());
    assertEquals(200, get(port, "/healthz").statusCode(), "probes stay open for the kubelet");

    String exposition =
        get(port, "/metrics", "Authorization", "Bearer " + TOKEN).body().replace(".0", "");
    assertTrue(exposition.contains("test_http_shed_total{reason=\"unauthorized\"} 4"), exposition);
  }

  @Test
  void aRotatedSecretIsUsedWithinASecondWithoutRestart() throws Exception {
    AtomicLong now = new AtomicLong();
    BearerToken token = BearerToken.fromFile("--auth-token-file", secretVolume(TOKEN), now::get);
    Request withOld = request("Bearer " + TOKEN);
    Request withNew = request("Bearer " + NEXT);
    assertEquals(Optional.empty(), token.refusal(withOld));

    rotate(NEXT);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
    assertEquals(Optional.empty(), token.refusal(withOld), "read at most once a second");
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
    assertEquals(Optional.empty(), token.refusal(withNew));
    assertTrue(token.refusal(withOld).isPresent());
    assertEquals("Bearer " + NEXT, token.header(), "a client sends the new token too");
  }

  @Test
  void aTokenFileThatBreaksLaterKeepsTheLastGoodToken() throws Exception {
    AtomicLong now = new AtomicLong();
    BearerToken token = BearerToken.fromFile("--auth-token-file", secretVolume(TOKEN), now::get);
    rotate("short");
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals(Optional.empty(), token.refusal(request("Bearer " + TOKEN)));
    Files.delete(dir.resolve("..data"));
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals(TOKEN, token.current());
  }

  @Test
  void anUnusableTokenFileIsOneLineThatNeverShowsTheToken() throws IOException {
    String expected =
        "--auth-token-file: expected a file holding one bearer token of 16 to 4096 characters"
            + " A-Z a-z 0-9 - . _ ~ + / (then = padding), found ";
    Path missing = dir.resolve("absent");
    assertEquals(
        expected + "no file " + missing,
        assertThrows(
                BearerToken.InvalidTokenFile.class,
                () -> BearerToken.fromFile("--auth-token-file", missing))
            .getMessage());
    Path shortToken = Files.writeString(dir.resolve("short"), "changeme\n");
    assertEquals(
        expected + shortToken + " with 8 characters",
        assertThrows(
                BearerToken.InvalidTokenFile.class,
                () -> BearerToken.fromFile("--auth-token-file", shortToken))
            .getMessage());
    Path twoLines = Files.writeString(dir.resolve("two"), TOKEN + "\n" + NEXT + "\n");
    String message =
        assertThrows(
                BearerToken.InvalidTokenFile.class,
                () -> BearerToken.fromFile("--auth-token-file", twoLines))
            .getMessage();
    assertEquals(expected + twoLines + " with a character outside that set", message);
    assertFalse(message.contains(TOKEN.substring(0, 8)));
  }

  @Test
  void aSecondAcceptedTokenLetsARotationGoWithoutRefusals() throws Exception {
    AtomicLong now = new AtomicLong();
    Path accept = dir.resolve("accept-token");
    BearerToken token =
        BearerToken.fromFile("--auth-token-file", secretVolume(TOKEN), now::get)
            .alsoAccepting("--auth-accept-token-file", accept);
    Request withOld = request("Bearer " + TOKEN);
    Request withNew = request("Bearer " + NEXT);
    assertTrue(token.refusal(withNew).isPresent(), "no accept file: the next token is refused");

    // Step 1: servers accept the next token beside the current one; clients still send the old.
    Files.writeString(accept, NEXT + "\n");
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals(Optional.empty(), token.refusal(withOld));
    assertEquals(Optional.empty(), token.refusal(withNew));
    assertEquals("Bearer " + TOKEN, token.header(), "clients send the main token only");

    // Step 2: the next token becomes the token, the old one is still accepted.
    rotate(NEXT);
    Files.writeString(accept, TOKEN + "\n");
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals("Bearer " + NEXT, token.header());
    assertEquals(Optional.empty(), token.refusal(withOld));
    assertEquals(Optional.empty(), token.refusal(withNew));

    // Step 3: the accept file goes; the old token is refused.
    Files.delete(accept);
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals(Optional.empty(), token.refusal(withNew));
    assertEquals(
        Optional.of("/metrics: the bearer token sent is not the one expected"),
        token.refusal(withOld));
  }

  @Test
  void anUnusableAcceptFileAcceptsNothingMore() throws Exception {
    AtomicLong now = new AtomicLong();
    Path accept = Files.writeString(dir.resolve("accept-token"), "changeme\n");
    BearerToken token =
        BearerToken.fromFile("--auth-token-file", secretVolume(TOKEN), now::get)
            .alsoAccepting("--auth-accept-token-file", accept);
    assertTrue(token.refusal(request("Bearer changeme")).isPresent());
    assertEquals(Optional.empty(), token.refusal(request("Bearer " + TOKEN)));
    // A valid token later: accepted from the next read on.
    Files.writeString(accept, NEXT);
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertEquals(Optional.empty(), token.refusal(request("Bearer " + NEXT)));
    // Broken again: no longer accepted (unlike the main token, no last good one is kept).
    Files.writeString(accept, "x");
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    assertTrue(token.refusal(request("Bearer " + NEXT)).isPresent());
  }

  private static Request request(String authorization) {
    return new Request("GET", "/metrics", "", Map.of("authorization", List.of(authorization)));
  }
}
