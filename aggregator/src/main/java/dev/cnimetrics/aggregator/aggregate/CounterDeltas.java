package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.Latency;
import dev.cnimetrics.report.NodeReport;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-node increases of cumulative counters between two reports. A changed ipamd start time means
 * ipamd restarted: the increase is then the new value itself. A decrease without one is not an
 * increase at all ({@link #firstDecrease}; the caller starts a new baseline). A counter absent from
 * a report is 0 (ipamd prints a labelled counter only after its first increment).
 */
final class CounterDeltas {
  private CounterDeltas() {}

  static boolean restarted(OptionalDouble prevStart, OptionalDouble curStart) {
    return prevStart.isPresent()
        && curStart.isPresent()
        && Double.compare(prevStart.getAsDouble(), curStart.getAsDouble()) != 0;
  }

  static Map<String, Double> counters(
      Map<String, Double> prev, Map<String, Double> cur, boolean restarted) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String key : union(prev.keySet(), cur.keySet())) {
      double c = cur.getOrDefault(key, 0.0);
      double p = prev.getOrDefault(key, 0.0);
      out.put(key, restarted ? c : c - p);
    }
    return out;
  }

  static Map<String, Latency> latencies(
      Map<String, Latency> prev, Map<String, Latency> cur, boolean restarted) {
    Latency zero = Latency.ZERO;
    Map<String, Latency> out = new LinkedHashMap<>();
    for (String key : union(prev.keySet(), cur.keySet())) {
      Latency c = cur.getOrDefault(key, zero);
      Latency p = prev.getOrDefault(key, zero);
      out.put(key, restarted ? c : new Latency(c.sum() - p.sum(), c.count() - p.count()));
    }
    return out;
  }

  /** The first counter or latency summary that went down from {@code prev} to {@code cur}. */
  static Optional<String> firstDecrease(NodeReport prev, NodeReport cur) {
    for (String key : new TreeSet<>(union(prev.counters().keySet(), cur.counters().keySet()))) {
      double p = prev.counters().getOrDefault(key, 0.0);
      double c = cur.counters().getOrDefault(key, 0.0);
      if (c < p) {
        return Optional.of("counter " + key + " went down from " + p + " to " + c);
      }
    }
    for (String key : new TreeSet<>(union(prev.latency().keySet(), cur.latency().keySet()))) {
      Latency p = prev.latency().getOrDefault(key, Latency.ZERO);
      Latency c = cur.latency().getOrDefault(key, Latency.ZERO);
      if (c.count() < p.count() || c.sum() < p.sum()) {
        return Optional.of("latency " + key + " went down from " + p + " to " + c);
      }
    }
    return Optional.empty();
  }

  /** The first increase above {@code bound}: counters, and the call count of each latency. */
  static Optional<String> firstAbove(
      Map<String, Double> counters, Map<String, Latency> latency, double bound) {
    for (String key : new TreeSet<>(counters.keySet())) {
      if (counters.get(key) > bound) {
        return Optional.of("counter " + key + " rose by " + counters.get(key));
      }
    }
    for (String key : new TreeSet<>(latency.keySet())) {
      if (latency.get(key).count() > bound) {
        return Optional.of("latency " + key + " count rose by " + latency.get(key).count());
      }
    }
    return Optional.empty();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> keys = new HashSet<>(a);
    keys.addAll(b);
    return keys;
  }
}
