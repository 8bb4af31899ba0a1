package dev.cnimetrics.aggregator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST DOUBLE for EC2's {@code DescribeSubnets}: no EC2 emulator runs here, so this real HTTP
 * server on 127.0.0.1 plays the service on the wire the SDK really uses, EC2's query protocol (EC2
 * API Reference, "Making requests" / "Query requests"): a form-encoded POST to {@code /} with
 * {@code Action=DescribeSubnets}, {@code Version=2016-11-15} and the filter as {@code
 * Filter.N.Name}/{@code Filter.N.Value.M}; the answer is the {@code DescribeSubnetsResponse} XML
 * with a {@code subnetSet} of {@code item}s ({@code subnetId}, {@code availableIpAddressCount},
 * ...) and a {@code nextToken} when there are more pages ({@code MaxResults}); errors are the
 * documented {@code <Response><Errors><Error><Code>…} document ("Error codes for the Amazon EC2
 * API": client errors with a 4xx status, {@code UnauthorizedOperation} when IAM denies the action).
 * It checks the SigV4 signature for service {@code ec2} like {@link FakeCloudWatch} does. A filter
 * value naming no subnet matches nothing, as EC2's filters do (only {@code SubnetId.N} would fail
 * with {@code InvalidSubnetID.NotFound}).
 */
public final class FakeEc2 implements AutoCloseable {
  public static final String ACCESS_KEY = FakeCloudWatch.ACCESS_KEY;
  public static final String SECRET_KEY = FakeCloudWatch.SECRET_KEY;
  public static final String REGION = FakeCloudWatch.REGION;

  /** What to answer next instead of the subnets. */
  public enum Fault {
    /** 403 {@code UnauthorizedOperation}: the role lacks {@code ec2:DescribeSubnets}. */
    UNAUTHORIZED,
    /** 503 {@code RequestLimitExceeded}-like server error. */
    SERVER_ERROR,
    /** Answer only after {@code slowAnswer}. */
    HANG
  }

  /** One request as received: its decoded form parameters. */
  public record Call(Map<String, String> params) {
    /** The values of filter {@code subnet-id}, in order. */
    public List<String> subnetIds() {
      List<String> out = new ArrayList<>();
      for (int f = 1; params.containsKey("Filter." + f + ".Name"); f++) {
        if (params.get("Filter." + f + ".Name").equals("subnet-id")) {
          for (int v = 1; params.containsKey("Filter." + f + ".Value." + v); v++) {
            out.add(params.get("Filter." + f + ".Value." + v));
          }
        }
      }
      return out;
    }
  }

  private final HttpServer server;
  private final SigV4Verifier verifier = new SigV4Verifier(ACCESS_KEY, SECRET_KEY, REGION, "ec2");
  private final Map<String, Long> subnets = new TreeMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<String> rejections = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private int pageSize = 1000;
  private Duration slowAnswer = Duration.ofSeconds(3);

  public FakeEc2() throws IOException {
    server = LoopbackServer.start(this::handle, 2);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A subnet of the account and its {@code AvailableIpAddressCount}. */
  public synchronized FakeEc2 subnet(String id, long available) {
    subnets.put(id, available);
    return this;
  }

  /** Subnets per page at most (EC2 pages by {@code MaxResults}, 5 to 1000). */
  public synchronized void pageSize(int n) {
    pageSize = n;
  }

  public synchronized void fail(Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      faults.add(fault);
    }
  }

  public synchronized void slowAnswer(Duration d) {
    slowAnswer = d;
  }

  /** Every request received, well-formed or not. */
  public int requests() {
    return requests.get();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Requests refused for a bad signature, path, protocol or action; empty in a good run. */
  public synchronized List<String> rejections() {
    return List.copyOf(rejections);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    Map<String, List<String>> headers = new HashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    Map<String, String> params = form(new String(raw, StandardCharsets.UTF_8));
    String problem = check(ex, headers, raw, params);
    if (problem != null) {
      synchronized (this) {
        rejections.add(problem);
      }
      error(ex, 400, "InvalidRequest", problem);
      return;
    }
    Fault fault;
    synchronized (this) {
      calls.add(new Call(params));
      fault = faults.poll();
    }
    if (fault == Fault.UNAUTHORIZED) {
      error(ex, 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
      return;
    }
    if (fault == Fault.SERVER_ERROR) {
      error(ex, 503, "Unavailable", "The server is overloaded and can't handle the request.");
      return;
    }
    if (fault == Fault.HANG) {
      LoopbackServer.sleep(slowAnswer);
    }
    byte[] body = describeSubnets(new Call(params)).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private String check(
      HttpExchange ex, Map<String, List<String>> headers, byte[] raw, Map<String, String> params) {
    if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/")) {
      return "unexpected " + ex.getRequestMethod() + " " + ex.getRequestURI();
    }
    String type = LoopbackServer.first(headers, "content-type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return "not a query-protocol request: content-type " + type;
    }
    if (!"DescribeSubnets".equals(params.get("Action"))
        || !"2016-11-15".equals(params.get("Version"))) {
      return "unexpected action " + params.get("Action") + " version " + params.get("Version");
    }
    return verifier.verify(
        "POST", ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers, raw);
  }

  private synchronized String describeSubnets(Call call) {
    List<String> wanted = call.subnetIds();
    List<String> matching = new ArrayList<>();
    for (String id : subnets.keySet()) {
      if (wanted.isEmpty() || wanted.contains(id)) {
        matching.add(id);
      }
    }
    int max = pageSize;
    if (call.params().containsKey("MaxResults")) {
      max = Math.min(max, Integer.parseInt(call.params().get("MaxResults")));
    }
    int from =
        call.params().containsKey("NextToken")
            ? Integer.parseInt(call.params().get("NextToken"))
            : 0;
    int to = Math.min(matching.size(), from + max);
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<DescribeSubnetsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n")
        .append("  <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>\n")
        .append("  <subnetSet>\n");
    for (String id : matching.subList(from, to)) {
      xml.append("    <item>\n")
          .append("      <subnetId>")
          .append(id)
          .append("</subnetId>\n")
          .append("      <state>available</state>\n")
          .append("      <vpcId>vpc-0a1b2c3d4e5f60001</vpcId>\n")
          .append("      <cidrBlock>10.0.0.0/24</cidrBlock>\n")
          .append("      <availableIpAddressCount>")
          .append(subnets.get(id))
          .append("</availableIpAddressCount>\n")
          .append("      <availabilityZone>us-east-1a</availabilityZone>\n")
          .append("    </item>\n");
    }
    xml.append("  </subnetSet>\n");
    if (to < matching.size()) {
      xml.append("  <nextToken>").append(to).append("</nextToken>\n");
    }
    return xml.append("</DescribeSubnetsResponse>\n").toString();
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
                + code
                + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;")
                + "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-EXAMPLE</RequestID></Response>\n")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    LoopbackServer.stop(server);
  }
}
