package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.Latency;
import dev.cnimetrics.report.NodeReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers each node's last report across cycles and turns one cycle's results into per-node
 * contributions. No I/O and no clock: the cycle time comes in, so every rule is testable with
 * numbers. Not thread-safe; one cycle at a time.
 *
 * <p>Two rules keep one broken or hostile agent from moving the cluster's counters: a counter that
 * rose by more than {@code maxIncrease} in one cycle makes that report unusable (the node counts as
 * not answering, its baseline stays), and a counter that went down while ipamd's start time stayed
 * the same starts a new baseline with no increase (a real ipamd restart changes the start time; a
 * decrease without one is two agents answering for one node, or a broken one).
 */
public final class CycleAggregator {
  /**
   * Far above any real ipamd: its busiest counters (add/del IP requests, EC2 calls) move by tens to
   * thousands per node per cycle.
   */
  public static final double DEFAULT_MAX_INCREASE = 1_000_000;

  private final Duration maxReportAge;
  private final double maxIncrease;
  private final Map<String, Ledger> ledgers = new HashMap<>();
  private Instant lastCycle;

  /** A node's counter baseline and its last usable report (null after ipamd said it was down). */
  private record Ledger(NodeReport baseline, NodeReport lastGood, Instant lastGoodAt) {}

  public CycleAggregator(Duration maxReportAge) {
    this(maxReportAge, DEFAULT_MAX_INCREASE);
  }

  public CycleAggregator(Duration maxReportAge, double maxIncrease) {
    this.maxReportAge = maxReportAge;
    this.maxIncrease = maxIncrease;
  }

  /** One entry per expected node; nodes no longer expected are forgotten. */
  public CycleSummary aggregate(Instant cycleTime, List<NodeResult> results) {
    lastCycle = cycleTime;
    List<NodeContribution> contributions = new ArrayList<>();
    List<NodeEvent> events = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    int reporting = 0;
    int stale = 0;
    for (NodeResult result : results) {
      expected.add(result.node());
      Ledger ledger = ledgers.get(result.node());
      NodeReport report = result.report();
      NodeContribution contribution = null;
      if (report != null && report.ipamd().up()) {
        contribution = fresh(result.node(), report, ledger, events);
      }
      if (contribution != null) {
        contributions.add(contribution);
        ledgers.put(result.node(), new Ledger(report, report, cycleTime));
        reporting++;
      } else if (report != null && !report.ipamd().up()) {
        // ipamd said it is down: nothing to count now, but keep the baseline so its counters
        // continue where they were when it comes back.
        if (ledger != null) {
          ledgers.put(result.node(), new Ledger(ledger.baseline(), null, null));
        }
      } else if (ledger != null && young(ledger, cycleTime)) {
        // No answer, or an answer that cannot be used: its last good gauges while young.
        NodeReport last = ledger.lastGood();
        contributions.add(
            new NodeContribution(
                result.node(),
                last.instance().orElse(null),
                last.gauges(),
                null,
                null,
                false,
                NodeContribution.nameFor(result.node(), last.node())));
        stale++;
      }
    }
    ledgers.keySet().retainAll(expected);
    Coverage coverage =
        new Coverage(results.size(), reporting, stale, results.size() - reporting - stale);
    return new CycleSummary(cycleTime, coverage, contributions, events);
  }

  /** The cycle the baselines come from; empty before the first or after {@link #reset}. */
  public Optional<Instant> lastCycle() {
    return Optional.ofNullable(lastCycle);
  }

  /** Forgets every node: the next cycle starts from baselines. */
  public void reset() {
    ledgers.clear();
    lastCycle = null;
  }

  private boolean young(Ledger ledger, Instant cycleTime) {
    return ledger.lastGood() != null
        && Duration.between(ledger.lastGoodAt(), cycleTime).compareTo(maxReportAge) < 0;
  }

  /** The node's contribution from a report with ipamd up; null when the report is unusable. */
  private NodeContribution fresh(
      String node, NodeReport report, Ledger ledger, List<NodeEvent> events) {
    String name = NodeContribution.nameFor(node, report.node());
    NodeContribution baseline =
        new NodeContribution(
            node, report.instance().orElse(null), report.gauges(), null, null, true, name);
    if (ledger == null) {
      return baseline;
    }
    NodeReport prev = ledger.baseline();
    boolean restarted =
        CounterDeltas.restarted(
            prev.ipamd().processStartTimeSeconds(), report.ipamd().processStartTimeSeconds());
    if (!restarted) {
      Optional<String> down = CounterDeltas.firstDecrease(prev, report);
      if (down.isPresent()) {
        events.add(
            new NodeEvent(
                node,
                NodeEvent.Kind.COUNTER_DECREASE,
                down.get() + " without a change of ipamd's start time: new baseline, no increase"));
        return baseline;
      }
    }
    Map<String, Double> counters =
        CounterDeltas.counters(prev.counters(), report.counters(), restarted);
    Map<String, Latency> latency =
        CounterDeltas.latencies(prev.latency(), report.latency(), restarted);
    Optional<String> jump = CounterDeltas.firstAbove(counters, latency, maxIncrease);
    if (jump.isPresent()) {
      events.add(
          new NodeEvent(
              node,
              NodeEvent.Kind.IMPLAUSIBLE_INCREASE,
              jump.get()
                  + " in one cycle, above the plausibility bound "
                  + (long) maxIncrease
                  + " (--max-counter-increase): report not used, baseline kept"));
      return null;
    }
    return new NodeContribution(
        node, report.instance().orElse(null), report.gauges(), counters, latency, true, name);
  }
}
