package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.Latency;
import dev.cnimetrics.report.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cluster values from node contributions, by category and never by name, so a new catalogue entry
 * needs no change here: gauges are summed; counters are the sum of per-node increases (published
 * only when at least one node had a baseline, otherwise the increase is unknown, not 0); a latency
 * is Σ Δsum / Σ Δcount in milliseconds (no value while Σ Δcount is 0).
 */
public final class Sums {
  private Sums() {}

  /** The values, sorted by name. */
  public static List<MetricValue> of(Collection<NodeContribution> contributions) {
    Map<String, Double> gauges = new TreeMap<>();
    Map<String, Double> counters = new TreeMap<>();
    Map<String, double[]> latency = new TreeMap<>();
    for (NodeContribution c : contributions) {
      c.gauges().forEach((k, v) -> gauges.merge(k, v, Double::sum));
      if (c.counterDeltas() != null) {
        c.counterDeltas().forEach((k, v) -> counters.merge(k, v, Double::sum));
      }
      if (c.latencyDeltas() != null) {
        for (Map.Entry<String, Latency> e : c.latencyDeltas().entrySet()) {
          double[] acc = latency.computeIfAbsent(e.getKey(), k -> new double[2]);
          acc[0] += e.getValue().sum();
          acc[1] += e.getValue().count();
        }
      }
    }
    Map<String, MetricValue> out = new TreeMap<>();
    gauges.forEach((k, v) -> out.put(k, new MetricValue(k, v, Unit.COUNT)));
    counters.forEach((k, v) -> out.put(k, new MetricValue(k, v, Unit.COUNT)));
    latency.forEach(
        (k, acc) -> {
          if (acc[1] > 0) {
            out.put(k, new MetricValue(k, acc[0] / acc[1], Unit.MILLISECONDS));
          }
        });
    return new ArrayList<>(out.values());
  }
}
