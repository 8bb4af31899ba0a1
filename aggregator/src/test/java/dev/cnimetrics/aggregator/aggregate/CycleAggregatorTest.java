package dev.cnimetrics.aggregator.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.IpamdStatus;
import dev.cnimetrics.report.Latency;
import dev.cnimetrics.report.NodeReport;
import dev.cnimetrics.report.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CycleAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  /**
   * Each scenario is a script of cycles separated by "|". In a cycle, {@code a=20} means node a
   * reports addReqCount=20 (ipamd start time 1), {@code a=20@2} the same with start time 2 (ipamd
   * restarted), {@code a=x} node a is expected but did not answer, {@code a=down} it answered with
   * ipamd down; a node not named is not expected. {@code !} restarts the aggregator (fresh state).
   * The expected column is the published addReqCount per cycle ("-" = no datum, the increase is
   * unknown), worked out by hand from the true increments.
   */
  static Stream<Arguments> counterScenarios() {
    return Stream.of(
        Arguments.of("1 node", "a=10 | a=15 | a=15 | a=22", "- | 5 | 0 | 7"),
        Arguments.of(
            "3 nodes rising by different steps",
            "a=20 b=50 c=30 | a=21 b=55 c=40 | a=23 b=60 c=50 | a=24 b=60 c=80",
            "- | 16 | 17 | 31"),
        Arguments.of(
            "node reset: ipamd start time changed",
            "a=100 b=50 | a=110 b=51 | a=4@2 b=52 | a=9@2 b=53",
            "- | 11 | 5 | 6"),
        Arguments.of(
            "counter went down, no start time change: new baseline, no increase",
            "a=100 b=50 | a=110 b=51 | a=3 b=52 | a=9 b=53",
            "- | 11 | 1 | 7"),
        Arguments.of(
            "two answers for one node in either order: never counted as resets",
            "a=10 | a=30 | a=20 | a=40 | a=50",
            "- | 20 | - | 20 | 10"),
        Arguments.of(
            "implausible jump: that report not used, baseline kept",
            "a=10 b=20 | a=2000010 b=25 | a=12 b=27 | a=1e15 b=28 | a=13 b=29",
            "- | 5 | 4 | 1 | 2"),
        Arguments.of(
            "node joining (baseline first) and leaving",
            "a=10 b=20 | a=12 b=25 | a=13 b=27 c=500 | a=14 c=510 | a=16 c=511",
            "- | 7 | 3 | 11 | 3"),
        Arguments.of(
            "node missing a cycle: caught up when it is back",
            "a=10 b=20 | a=12 b=25 | a=14 b=x | a=15 b=40",
            "- | 7 | 2 | 16"),
        Arguments.of(
            "ipamd down keeps the baseline",
            "a=10 b=20 | a=12 b=down | a=14 b=down | a=15 b=26",
            "- | 2 | 2 | 7"),
        Arguments.of(
            "ipamd restarts while down",
            "a=10 b=20 | a=12 b=down | a=14 b=3@5 | a=15 b=6@5",
            "- | 2 | 5 | 4"),
        Arguments.of(
            "aggregator restart: new baselines, nothing counted twice",
            "a=10 b=10 | a=12 b=15 | ! a=13 b=20 | a=20 b=21 | a=21 b=23",
            "- | 7 | - | 8 | 3"),
        Arguments.of(
            "only new nodes in a cycle: unknown, not zero",
            "a=10 | a=x | b=7 | b=9",
            "- | - | - | 2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("counterScenarios")
  void publishedCounterSumsEqualTheTrueIncrements(String name, String script, String expected) {
    List<String> published = new ArrayList<>();
    CycleAggregator aggregator = new CycleAggregator(Duration.ofSeconds(90));
    String[] cycles = script.split("\\|");
    for (int i = 0; i < cycles.length; i++) {
      String cycle = cycles[i].trim();
      if (cycle.startsWith("!")) {
        aggregator = new CycleAggregator(Duration.ofSeconds(90));
        cycle = cycle.substring(1).trim();
      }
      List<NodeResult> results = new ArrayList<>();
      for (String token : cycle.split("\\s+")) {
        results.add(result(token));
      }
      CycleSummary s = aggregator.aggregate(T0.plus(INTERVAL.multipliedBy(i)), results);
      published.add(value(Sums.of(s.contributions()), "addReqCount"));
    }
    assertEquals(expected, String.join(" | ", published));
  }

  private static NodeResult result(String token) {
    String[] kv = token.split("=");
    String node = kv[0];
    if (kv[1].equals("x")) {
      return NodeResult.failed(node, "agent " + node + ": connection refused");
    }
    if (kv[1].equals("down")) {
      return NodeResult.answered(
          node,
          nodeReport(
              node, false, "ipamd: connection refused", null, Map.of(), Map.of(), Map.of(), null));
    }
    String[] vs = kv[1].split("@");
    double start = vs.length > 1 ? Double.parseDouble(vs[1]) : 1;
    return NodeResult.answered(
        node, report(node, start, Map.of("addReqCount", Double.parseDouble(vs[0])), Map.of()));
  }

  private static String value(List<MetricValue> values, String name) {
    for (MetricValue v : values) {
      if (v.name().equals(name)) {
        double d = v.value();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
      }
    }
    return "-";
  }

  private static NodeReport report(
      String node, double start, Map<String, Double> counters, Map<String, Double> gauges) {
    return nodeReport(
        node,
        true,
        null,
        start,
        gauges,
        counters,
        Map.of(),
        new Instance("i-" + node, "m5.large", "us-east-1", "us-east-1a"));
  }

  @Test
  void gaugesAreSummedAndASilentNodeCountsWithItsLastReportWhileYoung() {
    CycleAggregator aggregator = new CycleAggregator(Duration.ofSeconds(60));
    List<NodeResult> first =
        List.of(
            NodeResult.answered("a", report("a", 1, Map.of(), Map.of("assignIPAddresses", 3.0))),
            NodeResult.answered("b", report("b", 1, Map.of(), Map.of("assignIPAddresses", 7.0))));
    CycleSummary s1 = aggregator.aggregate(T0, first);
    assertEquals("10", value(Sums.of(s1.contributions()), "assignIPAddresses"));
    assertEquals(new Coverage(2, 2, 0, 0), s1.coverage());

    List<NodeResult> bSilent =
        List.of(
            NodeResult.answered("a", report("a", 1, Map.of(), Map.of("assignIPAddresses", 4.0))),
            NodeResult.failed("b", "agent b: no report within 5s"));
    CycleSummary s2 = aggregator.aggregate(T0.plusSeconds(30), bSilent);
    assertEquals("11", value(Sums.of(s2.contributions()), "assignIPAddresses"));
    assertEquals(new Coverage(2, 1, 1, 0), s2.coverage());

    // b's report is now 60 s old: no longer counted.
    CycleSummary s3 = aggregator.aggregate(T0.plusSeconds(60), bSilent);
    assertEquals("4", value(Sums.of(s3.contributions()), "assignIPAddresses"));
    assertEquals(new Coverage(2, 1, 0, 1), s3.coverage());
  }

  @Test
  void ipamdDownCountsAsFailedWithNoGauges() {
    CycleAggregator aggregator = new CycleAggregator(Duration.ofSeconds(90));
    aggregator.aggregate(
        T0,
        List.of(NodeResult.answered("a", report("a", 1, Map.of(), Map.of("eniAllocated", 2.0)))));
    NodeReport down =
        nodeReport("a", false, "ipamd down", null, Map.of(), Map.of(), Map.of(), null);
    CycleSummary s =
        aggregator.aggregate(T0.plusSeconds(30), List.of(NodeResult.answered("a", down)));
    assertEquals(new Coverage(1, 0, 0, 1), s.coverage());
    assertEquals("-", value(Sums.of(s.contributions()), "eniAllocated"));
  }

  @Test
  void latencyIsTheRatioOfSummedIncreasesInMilliseconds() {
    CycleAggregator aggregator = new CycleAggregator(Duration.ofSeconds(90));
    aggregator.aggregate(
        T0,
        List.of(
            NodeResult.answered("a", latencyReport("a", 1000, 10)),
            NodeResult.answered("b", latencyReport("b", 500, 5))));
    CycleSummary s =
        aggregator.aggregate(
            T0.plusSeconds(30),
            List.of(
                NodeResult.answered("a", latencyReport("a", 1300, 13)),
                NodeResult.answered("b", latencyReport("b", 1400, 6))));
    // a: +300 ms over 3 calls, b: +900 ms over 1 call → 1200 / 4.
    MetricValue latency =
        Sums.of(s.contributions()).stream()
            .filter(v -> v.name().equals("awsAPILatency"))
            .findFirst()
            .orElseThrow();
    assertEquals(300.0, latency.value());
    assertEquals(Unit.MILLISECONDS, latency.unit());

    CycleSummary idle =
        aggregator.aggregate(
            T0.plusSeconds(60),
            List.of(
                NodeResult.answered("a", latencyReport("a", 1300, 13)),
                NodeResult.answered("b", latencyReport("b", 1400, 6))));
    assertEquals("-", value(Sums.of(idle.contributions()), "awsAPILatency"));
  }

  @Test
  void resetForgetsEveryNode() {
    CycleAggregator aggregator = new CycleAggregator(Duration.ofSeconds(90));
    aggregator.aggregate(
        T0, List.of(NodeResult.answered("a", report("a", 1, Map.of("awsAPIErr", 1.0), Map.of()))));
    assertEquals(Optional.of(T0), aggregator.lastCycle());
    aggregator.reset();
    assertEquals(Optional.empty(), aggregator.lastCycle());
    CycleSummary s =
        aggregator.aggregate(
            T0.plusSeconds(30),
            List.of(NodeResult.answered("a", report("a", 1, Map.of("awsAPIErr", 9.0), Map.of()))));
    assertNull(s.contributions().get(0).counterDeltas());
  }

  private static NodeReport latencyReport(String node, double sum, double count) {
    return nodeReport(
        node,
        true,
        null,
        1.0,
        Map.of(),
        Map.of(),
        Map.of("awsAPILatency", new Latency(sum, count)),
        null);
  }

  /** A report as the parser yields it, in the order of the old positional form. */
  private static NodeReport nodeReport(
      String node,
      boolean up,
      String error,
      Double start,
      Map<String, Double> gauges,
      Map<String, Double> counters,
      Map<String, Latency> latency,
      Instance instance) {
    return new NodeReport(
        node,
        null,
        new IpamdStatus(
            up,
            Optional.ofNullable(error),
            start == null ? OptionalDouble.empty() : OptionalDouble.of(start),
            OptionalDouble.empty()),
        gauges,
        counters,
        latency,
        Optional.ofNullable(instance));
  }
}
