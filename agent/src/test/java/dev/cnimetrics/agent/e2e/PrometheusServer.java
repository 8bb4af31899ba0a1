package dev.cnimetrics.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus on 127.0.0.1 with a free port and a temporary TSDB, started and stopped (by
 * PID) by the test.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final URI base;

  private PrometheusServer(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** Starts Prometheus with {@code config} (JSON is YAML) in {@code dir}; waits until ready. */
  static PrometheusServer start(Path dir, JsonNode config) throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(p, log, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("prometheus exited " + p.exitValue() + ":\n" + server.log());
      }
      try {
        if (server.get("/-/ready").statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    server.close();
    throw new AssertionError("prometheus not ready within 60s:\n" + server.log());
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The result vector of an instant query. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    return data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), promql)
        .path("result");
  }

  /** The result vector of an instant query evaluated at {@code epochSeconds}. */
  JsonNode query(String promql, double epochSeconds) throws IOException, InterruptedException {
    return data(
            "/api/v1/query?time="
                + epochSeconds
                + "&query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8),
            promql)
        .path("result");
  }

  /** What Grafana's label_values(selector, label) asks: the label's values over [start, end]. */
  SortedSet<String> labelValues(String label, String selector, double start, double end)
      throws IOException, InterruptedException {
    JsonNode values =
        data(
            "/api/v1/label/"
                + label
                + "/values?start="
                + start
                + "&end="
                + end
                + "&match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8),
            "label_values(" + selector + ", " + label + ")");
    SortedSet<String> out = new TreeSet<>();
    values.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** The {@code data} of a successful API answer. */
  private JsonNode data(String pathAndQuery, String promql)
      throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError("query " + promql + " answered " + r.statusCode() + ": " + r.body());
    }
    return body.path("data");
  }

  /** The value of a query that must select at most one series; empty when it selects none. */
  OptionalDouble value(String promql) throws IOException, InterruptedException {
    JsonNode result = query(promql);
    if (result.size() > 1) {
      throw new AssertionError("query " + promql + " selects " + result.size() + ": " + result);
    }
    return result.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    Stop.byPid(process, Duration.ofSeconds(15));
  }
}
