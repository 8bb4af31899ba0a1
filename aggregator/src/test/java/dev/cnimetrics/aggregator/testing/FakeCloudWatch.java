package dev.cnimetrics.aggregator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * TEST DOUBLE for CloudWatch's PutMetricData: no CloudWatch emulator that speaks the SDK 2.54 wire
 * protocol (Smithy RPC v2 CBOR) can run here, so this real HTTP server on 127.0.0.1 plays the
 * service. It checks what the service checks that matters to us — the SigV4 signature with the test
 * credentials, the path and protocol headers — decodes the (optionally gzipped) CBOR body with
 * Jackson, records every datum, and answers like CloudWatch (200 + {@code BF FF} on success;
 * scripted throttling, 5xx or a slow answer on demand). It refuses a whole request the way
 * PutMetricData does (API reference, "PutMetricData": at most 1,000 metrics and 1 MB per request;
 * "values must be in the range of -2^360 to 2^360", NaN and ±Infinity "are not supported"): 400
 * {@code InvalidParameterValue}, nothing stored, the reason in {@link #rejections()}.
 */
public final class FakeCloudWatch implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIDTESTCNIMETRICS";
  public static final String SECRET_KEY = "test-secret-key-for-the-fake";
  public static final String REGION = "us-east-1";
  static final String PATH = "/service/GraniteServiceVersion20100801/operation/PutMetricData";
  private static final CBORMapper CBOR = new CBORMapper();

  /** One datum as CloudWatch stored it. */
  public record Datum(
      String name, Map<String, String> dimensions, Instant timestamp, double value, String unit) {}

  /** One accepted request. */
  public record Request(String namespace, List<Datum> datums, int bodyBytes, boolean gzip) {}

  /** What to answer next instead of success. */
  public enum Fault {
    THROTTLE,
    SERVER_ERROR,
    /** Store the datums, then answer only after {@code slowAnswer}: the client gives up first. */
    STORE_THEN_HANG
  }

  private final HttpServer server;
  private final SigV4Verifier verifier =
      new SigV4Verifier(ACCESS_KEY, SECRET_KEY, REGION, "monitoring");
  private final List<Request> accepted = new ArrayList<>();
  private final List<String> rejections = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger bodyBytes = new AtomicInteger();
  private Duration slowAnswer = Duration.ofSeconds(3);

  public FakeCloudWatch() throws IOException {
    server = LoopbackServer.start(this::handle, 4);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  public synchronized void fail(Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      faults.add(fault);
    }
  }

  public synchronized void slowAnswer(Duration d) {
    slowAnswer = d;
  }

  /** Every request received, accepted or not. */
  public int requests() {
    return requests.get();
  }

  /** Bytes of request bodies as sent (compressed when gzip). */
  public int bodyBytes() {
    return bodyBytes.get();
  }

  public synchronized List<Request> accepted() {
    return List.copyOf(accepted);
  }

  public synchronized List<Datum> datums() {
    List<Datum> out = new ArrayList<>();
    accepted.forEach(r -> out.addAll(r.datums()));
    return out;
  }

  /** Requests refused for a bad signature, path or body; must stay empty in a good run. */
  public synchronized List<String> rejections() {
    return List.copyOf(rejections);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    bodyBytes.addAndGet(raw.length);
    Map<String, List<String>> headers = new HashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    String problem = check(ex, headers, raw);
    if (problem != null) {
      synchronized (this) {
        rejections.add(problem);
      }
      error(ex, 403, "IncompleteSignature", problem);
      return;
    }
    Fault fault;
    synchronized (this) {
      fault = faults.poll();
    }
    if (fault == Fault.THROTTLE) {
      error(ex, 400, "Throttling", "Rate exceeded");
      return;
    }
    if (fault == Fault.SERVER_ERROR) {
      error(ex, 500, "InternalServiceError", "Internal service error");
      return;
    }
    Request request;
    try {
      request = decode(raw, "gzip".equals(LoopbackServer.first(headers, "content-encoding")));
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        rejections.add("undecodable body: " + e);
      }
      error(ex, 400, "InvalidParameterValue", "undecodable body");
      return;
    }
    String invalid = invalid(request, raw.length);
    if (invalid != null) {
      synchronized (this) {
        rejections.add(invalid);
      }
      error(ex, 400, "InvalidParameterValue", invalid);
      return;
    }
    synchronized (this) {
      accepted.add(request);
    }
    if (fault == Fault.STORE_THEN_HANG) {
      LoopbackServer.sleep(slowAnswer);
    }
    ex.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
    ex.getResponseHeaders().set("Content-Type", "application/cbor");
    byte[] empty = {(byte) 0xBF, (byte) 0xFF};
    ex.sendResponseHeaders(200, empty.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(empty);
    }
  }

  private String check(HttpExchange ex, Map<String, List<String>> headers, byte[] raw) {
    if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals(PATH)) {
      return "unexpected " + ex.getRequestMethod() + " " + ex.getRequestURI();
    }
    if (!"rpc-v2-cbor".equals(LoopbackServer.first(headers, "smithy-protocol"))
        || !"application/cbor".equals(LoopbackServer.first(headers, "content-type"))) {
      return "not an RPC v2 CBOR request: " + headers;
    }
    return verifier.verify(
        "POST", ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers, raw);
  }

  /** What CloudWatch would refuse in this request, or null. */
  static String invalid(Request request, int bodyBytes) {
    if (request.datums().size() > 1000) {
      return "The collection MetricData must not have a size greater than 1000 (found "
          + request.datums().size()
          + ")";
    }
    if (bodyBytes > 1_000_000) {
      return "request body of " + bodyBytes + " bytes is over the 1 MB limit";
    }
    double max = Math.scalb(1.0, 360);
    double min = Math.scalb(1.0, -360);
    for (int i = 0; i < request.datums().size(); i++) {
      double v = request.datums().get(i).value();
      double a = Math.abs(v);
      if (!Double.isFinite(v) || a > max || (a != 0 && a < min)) {
        return "The value "
            + v
            + " for parameter MetricData.member."
            + (i + 1)
            + ".Value is invalid ("
            + request.datums().get(i).name()
            + ")";
      }
    }
    return null;
  }

  private static Request decode(byte[] raw, boolean gzip) throws IOException {
    byte[] body = gzip ? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw;
    JsonNode root = CBOR.readTree(body);
    List<Datum> datums = new ArrayList<>();
    for (JsonNode d : root.get("MetricData")) {
      Map<String, String> dims = new TreeMap<>();
      for (JsonNode dim : d.path("Dimensions")) {
        dims.put(dim.get("Name").asText(), dim.get("Value").asText());
      }
      JsonNode ts = d.get("Timestamp");
      Instant timestamp = Instant.ofEpochMilli(Math.round(ts.doubleValue() * 1000));
      datums.add(
          new Datum(
              d.get("MetricName").asText(),
              dims,
              timestamp,
              d.get("Value").doubleValue(),
              d.get("Unit").asText()));
    }
    return new Request(root.get("Namespace").asText(), datums, raw.length, gzip);
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    byte[] body = CBOR.writeValueAsBytes(Map.of("__type", code, "message", message));
    ex.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
    ex.getResponseHeaders().set("Content-Type", "application/cbor");
    ex.getResponseHeaders()
        .set("x-amzn-query-error", code + ";" + (status >= 500 ? "Receiver" : "Sender"));
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    LoopbackServer.stop(server);
  }
}
