package dev.cnimetrics.aggregator.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.CycleAggregator;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.aws.ClusterIdentity;
import dev.cnimetrics.aggregator.cycle.CycleRunner;
import dev.cnimetrics.aggregator.cycle.Leadership;
import dev.cnimetrics.aggregator.cycle.StaticTargets;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.aggregator.sink.Publication;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import dev.cnimetrics.aggregator.testing.RecordingSink;
import dev.cnimetrics.aggregator.testing.ReportJson;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * 1,000 agents on real loopback sockets, some of them slow (10 s), refusing, or answering garbage:
 * the cycle still ends by its deadline and the sums are exactly those of the good agents.
 */
class ManyAgentsTest {
  private static final int AGENTS = 1000;
  private static final Duration DEADLINE = Duration.ofSeconds(4);

  static Kind kind(int i) {
    if (i % 100 == 7) {
      return Kind.SLOW; // 10 agents
    }
    if (i % 50 == 3) {
      return Kind.REFUSE; // 20 agents
    }
    if (i % 200 == 11) {
      return Kind.BAD_JSON; // 5
    }
    if (i % 200 == 13) {
      return Kind.WRONG_VERSION; // 5
    }
    return Kind.OK;
  }

  /** Agent i: assignIPAddresses = i % 7 + 1; addReqCount = 1000 i + (i % 5 + 1) per scrape. */
  static String report(int agent, int scraped) {
    return ReportJson.node("node-" + agent)
        .gauge("assignIPAddresses", agent % 7 + 1)
        .counter("addReqCount", 1000.0 * agent + (agent % 5 + 1) * scraped)
        .latency(10.0 * scraped, 2.0 * scraped)
        .json();
  }

  @Test
  void aCycleOverAThousandAgentsEndsByItsDeadlineWithTheRightSums() throws Exception {
    try (FakeAgentFleet fleet =
        new FakeAgentFleet(
            AGENTS, ManyAgentsTest::kind, ManyAgentsTest::report, Duration.ofSeconds(10))) {
      RecordingSink sink = new RecordingSink();
      CycleRunner runner =
          new CycleRunner(
              new StaticTargets(fleet.addresses()),
              new ReportScraper(
                  HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                  Duration.ofSeconds(2),
                  256,
                  256 * 1024),
              new CycleAggregator(Duration.ofSeconds(90)),
              new ClusterIdentity(
                  "test", "us-east-1", (r, i) -> java.util.Map.of(), Optional::empty),
              List.of(sink),
              List.of(),
              new AggregatorMetrics(),
              Leadership.ALWAYS,
              DEADLINE,
              java.util.Optional.empty(),
              0);
      int good = 0;
      long gauges = 0;
      long steps = 0;
      for (int i = 0; i < AGENTS; i++) {
        if (kind(i) == Kind.OK) {
          good++;
          gauges += i % 7 + 1;
          steps += i % 5 + 1;
        }
      }
      assertEquals(960, good);

      Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
      for (int cycle = 0; cycle < 2; cycle++) {
        long started = System.nanoTime();
        assertTrue(runner.run(t0.plusSeconds(30L * cycle)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(
            took.compareTo(DEADLINE.plusMillis(500)) < 0,
            "cycle " + cycle + " took " + took + ", deadline " + DEADLINE);
      }

      List<RecordingSink.Published> published = sink.published();
      assertEquals(2, published.size());
      Publication first = published.get(0).publication();
      Publication second = published.get(1).publication();
      assertEquals(new Coverage(1000, 960, 0, 40), first.coverage());
      assertEquals(new Coverage(1000, 960, 0, 40), second.coverage());
      assertEquals(gauges, value(first, "assignIPAddresses"));
      assertEquals(-1, value(first, "addReqCount"), "first cycle: baselines only");
      assertEquals(gauges, value(second, "assignIPAddresses"));
      assertEquals(steps, value(second, "addReqCount"));
      assertEquals(
          5.0,
          second.cluster().stream()
              .filter(v -> v.name().equals("awsAPILatency"))
              .findFirst()
              .orElseThrow()
              .value());
      for (int i = 0; i < AGENTS; i++) {
        if (kind(i) == Kind.OK) {
          assertEquals(2, fleet.scrapes(i), "agent " + i);
        }
      }
    }
  }

  private static long value(Publication p, String name) {
    return p.cluster().stream()
        .filter(v -> v.name().equals(name))
        .map(MetricValue::value)
        .findFirst()
        .map(Math::round)
        .orElse(-1L);
  }
}
