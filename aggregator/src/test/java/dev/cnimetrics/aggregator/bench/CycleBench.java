package dev.cnimetrics.aggregator.bench;

import dev.cnimetrics.aggregator.JvmSettings;
import dev.cnimetrics.aggregator.aggregate.CycleAggregator;
import dev.cnimetrics.aggregator.aggregate.NodeResult;
import dev.cnimetrics.aggregator.aggregate.Sums;
import dev.cnimetrics.aggregator.aws.AwsClients;
import dev.cnimetrics.aggregator.aws.ClusterIdentity;
import dev.cnimetrics.aggregator.cloudwatch.CloudWatchSink;
import dev.cnimetrics.aggregator.cycle.CycleRunner;
import dev.cnimetrics.aggregator.cycle.Leadership;
import dev.cnimetrics.aggregator.cycle.StaticTargets;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.aggregator.metrics.SinkMetrics;
import dev.cnimetrics.aggregator.scrape.AgentTarget;
import dev.cnimetrics.aggregator.scrape.ReportScraper;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch;
import dev.cnimetrics.aggregator.testing.ReportJson;
import dev.cnimetrics.report.Catalogue;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Not a test: 5,000-agent cycles on loopback (agents, aggregator and CloudWatch test double in one
 * JVM), then the same scrape done one agent after another as the upstream helper does, for the
 * ratio. Each concurrent figure is the median of {@value #STEADY_CYCLES} cycles after the cold and
 * the second one (a running aggregator's cycle; the first two are JIT warm-up, printed apart). The
 * agents' reports are rendered before each timed cycle ({@link FakeAgentFleet#prerender}): a real
 * agent renders its report on its own node. Prints BENCH lines. Run with {@code
 * aggregator/bench.sh}.
 */
public final class CycleBench {
  private static final int AGENTS = 5000;

  /**
   * A real agent is on another host; the upstream helper even goes through the API server proxy.
   */
  private static final Duration AGENT_LATENCY = Duration.ofMillis(1);

  /** Cycles timed for the steady figure, after the cold and the second one. */
  private static final int STEADY_CYCLES = 5;

  private CycleBench() {}

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static String report(int agent, int scraped) {
    ReportJson r = ReportJson.node("ip-10-0-" + agent / 250 + "-" + agent % 250 + ".ec2.internal");
    for (String g : Catalogue.names(Catalogue.Kind.GAUGE)) {
      r.gauge(g, 3);
    }
    for (String c : Catalogue.names(Catalogue.Kind.COUNTER)) {
      r.counter(c, 10.0 * scraped);
    }
    r.counter("addReqCount", 100.0 + scraped);
    return r.latency(2.0 * scraped, 1.0 * scraped).json();
  }

  public static void main(String[] args) throws Exception {
    JvmSettings.beforeAnything();
    try (FakeAgentFleet fleet =
            new FakeAgentFleet(AGENTS, i -> Kind.OK, CycleBench::report, Duration.ZERO);
        FakeCloudWatch cloudWatch = new FakeCloudWatch();
        CloudWatchClient client =
            AwsClients.cloudWatch(
                FakeCloudWatch.REGION,
                cloudWatch.endpoint(),
                FakeCloudWatch.credentials(),
                Duration.ofSeconds(10))) {
      List<AgentTarget> targets = new StaticTargets(fleet.addresses()).targets();
      CycleRunner runner =
          new CycleRunner(
              new StaticTargets(fleet.addresses()),
              new ReportScraper(client(), Duration.ofSeconds(5), 256, 256 * 1024),
              new CycleAggregator(Duration.ofSeconds(90)),
              new ClusterIdentity(
                  "bench", FakeCloudWatch.REGION, (r, i) -> Map.of(), Optional::empty),
              List.of(new CloudWatchSink(() -> client, "Kubernetes", 120, SinkMetrics.NONE)),
              List.of(),
              new AggregatorMetrics(),
              Leadership.ALWAYS,
              Duration.ofSeconds(20),
              java.util.Optional.empty(),
              0);
      Instant t0 = Instant.parse("2026-11-21T10:00:00Z");

      fleet.prerender();
      long cold = timed(() -> runner.run(t0));
      fleet.prerender();
      System.gc();
      resetPeaks();
      int requestsBefore = cloudWatch.requests();
      int bytesBefore = cloudWatch.bodyBytes();
      long second = timed(() -> runner.run(t0.plusSeconds(30)));
      long heapPeak = heapPeak();
      System.gc();
      long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      int requests = cloudWatch.requests() - requestsBefore;
      int bytes = cloudWatch.bodyBytes() - bytesBefore;
      // Baseline cycle: the report's gauges + 4 coverage; measured cycle: its gauges, counters and
      // latency + 4 (the catalogue decides how many: 12 + 24 before #17 added a counter).
      int gauges = Catalogue.names(Catalogue.Kind.GAUGE).size();
      int measured =
          gauges
              + Catalogue.names(Catalogue.Kind.COUNTER).size()
              + Catalogue.names(Catalogue.Kind.LATENCY_SUMMARY).size();
      int expected = gauges + 4 + measured + 4;
      if (!cloudWatch.rejections().isEmpty() || cloudWatch.datums().size() != expected) {
        throw new IllegalStateException(
            "CloudWatch double got "
                + cloudWatch.datums().size()
                + " datums where "
                + expected
                + " were due, rejections "
                + cloudWatch.rejections()
                + ": "
                + cloudWatch.datums().stream().map(d -> d.name()).toList());
      }

      // A running aggregator's cycle: the median of the cycles after the JIT's first two.
      List<Long> steady = new ArrayList<>();
      for (int cycle = 2; cycle < 2 + STEADY_CYCLES; cycle++) {
        Instant at = t0.plusSeconds(30L * cycle);
        fleet.prerender();
        steady.add(timed(() -> runner.run(at)));
      }
      long warm = median(steady);

      fleet.prerender();
      long sequential = timed(() -> sequentialCycle(targets, t0));
      fleet.latency(AGENT_LATENCY);
      List<Long> withLatency = new ArrayList<>();
      for (int cycle = 2 + STEADY_CYCLES; cycle < 2 + 2 * STEADY_CYCLES; cycle++) {
        Instant at = t0.plusSeconds(30L * cycle);
        fleet.prerender();
        withLatency.add(timed(() -> runner.run(at)));
      }
      long warmWithLatency = median(withLatency);
      fleet.prerender();
      long sequentialWithLatency = timed(() -> sequentialCycle(targets, t0));

      bench("aggregator_cycle_5000_agents_cold", cold, "ms", "-", "-");
      bench("aggregator_cycle_5000_agents_second", second, "ms", "-", "-");
      bench("aggregator_cycle_5000_agents", warm, "ms", "<=2000", ratio(sequential, warm));
      bench("aggregator_cycle_5000_agents_sequential", sequential, "ms", "-", "-");
      bench(
          "aggregator_cycle_5000_agents_1ms_latency",
          warmWithLatency,
          "ms",
          "<=2000",
          ratio(sequentialWithLatency, warmWithLatency));
      bench(
          "aggregator_cycle_5000_agents_1ms_latency_sequential",
          sequentialWithLatency,
          "ms",
          "-",
          "-");
      bench("aggregator_cycle_5000_agents_heap_peak", heapPeak >> 20, "MiB", "-", "-");
      bench("aggregator_heap_live_after_cycle", live >> 20, "MiB", "-", "-");
      bench("aggregator_cloudwatch_requests_per_cycle", requests, "requests", "1", "-");
      bench("aggregator_cloudwatch_bytes_per_cycle", bytes, "bytes", "-", "-");
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The upstream helper's way: the same scrape, one agent after another, then sum. */
  private static void sequentialCycle(List<AgentTarget> targets, Instant t0) throws Exception {
    List<NodeResult> results =
        new ReportScraper(client(), Duration.ofSeconds(5), 1, 256 * 1024)
            .scrape(targets, Duration.ofMinutes(10));
    CycleAggregator aggregator = new CycleAggregator(Duration.ofSeconds(90));
    if (Sums.of(aggregator.aggregate(t0, results).contributions()).isEmpty()) {
      throw new IllegalStateException("no values");
    }
  }

  private static String ratio(long sequential, long concurrent) {
    return String.format(
        Locale.ROOT, "%.1fx faster than sequential", (double) sequential / concurrent);
  }

  interface Work {
    void run() throws Exception;
  }

  private static long timed(Work w) throws Exception {
    long start = System.nanoTime();
    w.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static void bench(String figure, long value, String unit, String target, String ratio) {
    System.out.println("BENCH|" + figure + "|" + value + "|" + unit + "|" + target + "|" + ratio);
  }
}
