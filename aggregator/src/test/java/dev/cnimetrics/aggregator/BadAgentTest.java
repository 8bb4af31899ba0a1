package dev.cnimetrics.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Datum;
import dev.cnimetrics.aggregator.testing.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three good agents and one that, cycle by cycle, sends what a broken or hostile agent sends: a
 * counter of 1e400 (Jackson reads +Infinity), a negative gauge, a +1e15 jump, 6,000 extra keys, and
 * an ipamd error text that forges a log line. Every cycle the good nodes' sums must be exact in EMF
 * and in the CloudWatch double (which refuses what CloudWatch refuses), and EMF must carry only the
 * catalogue's metrics.
 */
class BadAgentTest {
  private static final int CYCLES = 6;
  private static final String FORGED = "refused\\n2026-12-01 09:00:00 INFO forged line\\u001b[2J";

  /** What agent 3 sends on its n-th scrape. */
  private static String bad(int n) {
    String base = ReportJson.node("node-bad").gauge("assignIPAddresses", 5).json();
    return switch (n) {
      case 0 -> counters(base, "\"addReqCount\":1000.0");
      case 1 -> counters(base, "\"addReqCount\":1e400");
      case 2 ->
          counters(base, "\"addReqCount\":1001.0")
              .replace("\"assignIPAddresses\":5.0", "\"assignIPAddresses\":-1e9");
      case 3 -> counters(base, "\"addReqCount\":1e15");
      case 4 -> counters(base, "\"addReqCount\":1002.0" + extraKeys(6000));
      default ->
          ReportJson.node("node-bad")
              .ipamdDown()
              .json()
              .replace("ipamd http://127.0.0.1:61678/metrics: connection refused", FORGED);
    };
  }

  private static String counters(String report, String counters) {
    return report.replace("\"counters\":{}", "\"counters\":{" + counters + "}");
  }

  private static String extraKeys(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(",\"customMetric").append(i).append("\":1.0");
    }
    return b.toString();
  }

  @Test
  void goodNodesSumsStayExactWhateverOneAgentSends() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (FakeCloudWatch cloudWatch = new FakeCloudWatch();
        FakeAgentFleet fleet =
            new FakeAgentFleet(
                4,
                i -> Kind.OK,
                (i, n) ->
                    i == 3
                        ? bad(n)
                        : ReportJson.node("node-" + i)
                            .gauge("assignIPAddresses", 10 * (i + 1))
                            .counter("addReqCount", 100 * (i + 1) + (i + 1) * n)
                            .json(),
                Duration.ZERO)) {
      String agents =
          fleet.addresses().stream()
              .map(a -> "127.0.0.1:" + a.getPort())
              .collect(Collectors.joining(","));
      // slf4j-simple looks System.err up at every line: the log lines land here too.
      ByteArrayOutputStream logged = new ByteArrayOutputStream();
      PrintStream stderr = System.err;
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      System.setProperty("aws.accessKeyId", FakeCloudWatch.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", FakeCloudWatch.SECRET_KEY);
      int code;
      try {
        code =
            AggregatorMain.run(
                new String[] {
                  "--agents",
                  agents,
                  "--interval",
                  "1s",
                  "--cycles",
                  String.valueOf(CYCLES),
                  "--sinks",
                  "cloudwatch,emf",
                  "--listen",
                  "127.0.0.1:0",
                  "--max-report-bytes",
                  "1048576",
                  "--cloudwatch-endpoint",
                  cloudWatch.endpoint().toString(),
                  "--imds=false"
                },
                Map.of("AWS_CLUSTER_ID", "e2e", "AWS_REGION", FakeCloudWatch.REGION),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
      } finally {
        System.setErr(stderr);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
      String log = logged.toString(StandardCharsets.UTF_8);
      stderr.print(log);
      assertEquals(0, code, log);

      ObjectMapper json = new ObjectMapper();
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(CYCLES, lines.length, "stdout holds only the EMF lines");
      List<Integer> metricCounts = new ArrayList<>();
      for (int n = 0; n < CYCLES; n++) {
        JsonNode line = json.readTree(lines[n]);
        int metrics = line.at("/_aws/CloudWatchMetrics/0/Metrics").size();
        metricCounts.add(metrics);
        assertTrue(metrics <= 24, "cycle " + n + ": " + metrics + " metrics in one EMF line");
        assertFalse(lines[n].contains("NaN") || lines[n].contains("Infinity"), lines[n]);
        // The bad node counts as stale with its last good gauge (5) while its reports are
        // refused; ipamd down (cycle 5) counts nothing.
        assertEquals(n == 5 ? 60.0 : 65.0, line.get("assignIPAddresses").asDouble(), lines[n]);
        if (n > 0) {
          assertEquals(6.0, line.get("addReqCount").asDouble(), "cycle " + n + ": " + lines[n]);
          assertEquals(3.0, line.get("nodesReporting").asDouble(), lines[n]);
        }
      }
      System.out.println("EMF metrics per line, cycles 0-5: " + metricCounts);

      assertEquals(List.of(), cloudWatch.rejections());
      Map<Instant, Double> addReq = new TreeMap<>();
      for (Datum d : cloudWatch.datums()) {
        if (d.name().equals("addReqCount")) {
          addReq.merge(d.timestamp(), d.value(), Double::sum);
        }
      }
      assertEquals(CYCLES - 1, addReq.size(), addReq.toString());
      addReq.values().forEach(v -> assertEquals(6.0, v));

      assertFalse(log.contains("\nforged line") || log.contains("\n2026-12-01 09:00:00"), log);
      assertTrue(log.contains("refused\\n2026-12-01 09:00:00 INFO forged line\\u001b[2J"), log);
      assertTrue(log.contains("counters.addReqCount, found a number beyond the range"), log);
      assertTrue(log.contains("above the plausibility bound"), log);
      assertTrue(log.contains("found 6003"), log);
    }
  }

  @Test
  void anAgentListedTwiceAndAnotherAnsweringForTheSameNodeCountOnce() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FakeAgentFleet fleet =
        new FakeAgentFleet(
            2,
            i -> Kind.OK,
            (i, n) ->
                ReportJson.node("node-0")
                    .gauge("assignIPAddresses", 10)
                    .counter("addReqCount", i == 0 ? 10 + 10 * n : 100 + n)
                    .json(),
            Duration.ZERO)) {
      String a = "127.0.0.1:" + fleet.addresses().get(0).getPort();
      String b = "127.0.0.1:" + fleet.addresses().get(1).getPort();
      int code =
          AggregatorMain.run(
              new String[] {
                "--agents", a + "," + a + "," + b,
                "--interval", "1s",
                "--cycles", "4",
                "--sinks", "emf",
                "--listen", "127.0.0.1:0",
                "--imds=false"
              },
              Map.of("AWS_CLUSTER_ID", "e2e", "AWS_REGION", FakeCloudWatch.REGION),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              null);
      assertEquals(0, code);
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(4, lines.length);
      ObjectMapper json = new ObjectMapper();
      for (int n = 1; n < 4; n++) {
        JsonNode line = json.readTree(lines[n]);
        assertEquals(10.0, line.get("addReqCount").asDouble(), lines[n]);
        assertEquals(10.0, line.get("assignIPAddresses").asDouble(), lines[n]);
        assertEquals(2.0, line.get("nodesExpected").asDouble(), "A once, B: " + lines[n]);
        assertEquals(1.0, line.get("nodesFailed").asDouble(), "B skipped: " + lines[n]);
      }
      assertEquals(1, fleet.scrapes(1) > 0 ? 1 : 0);
      assertEquals(4, fleet.scrapes(0), "A scraped once per cycle");
    }
  }
}
