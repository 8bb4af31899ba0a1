package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.aggregator.report.NodeReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers each node's last report across cycles and turns one cycle's results into per-node
 * contributions. No I/O and no clock: the cycle time comes in, so every rule is testable with
 * numbers. Not thread-safe; one cycle at a time.
 */
public final class CycleAggregator {
  private final Duration maxReportAge;
  private final Map<String, Ledger> ledgers = new HashMap<>();

  /** A node's counter baseline and its last usable report (null after ipamd said it was down). */
  private record Ledger(NodeReport baseline, NodeReport lastGood, Instant lastGoodAt) {}

  public CycleAggregator(Duration maxReportAge) {
    this.maxReportAge = maxReportAge;
  }

  /** One entry per expected node; nodes no longer expected are forgotten. */
  public CycleSummary aggregate(Instant cycleTime, List<NodeResult> results) {
    List<NodeContribution> contributions = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    int reporting = 0;
    int stale = 0;
    for (NodeResult result : results) {
      expected.add(result.node());
      Ledger ledger = ledgers.get(result.node());
      NodeReport report = result.report();
      if (report != null && report.ipamdUp()) {
        contributions.add(fresh(result.node(), report, ledger));
        ledgers.put(result.node(), new Ledger(report, report, cycleTime));
        reporting++;
      } else if (report != null) {
        // ipamd said it is down: nothing to count now, but keep the baseline so its counters
        // continue where they were when it comes back.
        if (ledger != null) {
          ledgers.put(result.node(), new Ledger(ledger.baseline(), null, null));
        }
      } else if (ledger != null && young(ledger, cycleTime)) {
        NodeReport last = ledger.lastGood();
        contributions.add(
            new NodeContribution(result.node(), last.instance(), last.gauges(), null, null));
        stale++;
      }
    }
    ledgers.keySet().retainAll(expected);
    Coverage coverage =
        new Coverage(results.size(), reporting, stale, results.size() - reporting - stale);
    return new CycleSummary(cycleTime, coverage, contributions);
  }

  /** Forgets every node, e.g. when leadership moves: the next cycle starts from baselines. */
  public void reset() {
    ledgers.clear();
  }

  private boolean young(Ledger ledger, Instant cycleTime) {
    return ledger.lastGood() != null
        && Duration.between(ledger.lastGoodAt(), cycleTime).compareTo(maxReportAge) < 0;
  }

  private static NodeContribution fresh(String node, NodeReport report, Ledger ledger) {
    if (ledger == null) {
      return new NodeContribution(node, report.instance(), report.gauges(), null, null);
    }
    NodeReport prev = ledger.baseline();
    boolean restarted =
        CounterDeltas.restarted(prev.processStartTimeSeconds(), report.processStartTimeSeconds());
    return new NodeContribution(
        node,
        report.instance(),
        report.gauges(),
        CounterDeltas.counters(prev.counters(), report.counters(), restarted),
        CounterDeltas.latencies(prev.latency(), report.latency(), restarted));
  }
}
