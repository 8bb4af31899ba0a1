package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.aggregator.report.Latency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-node increases of cumulative counters between two reports. A counter that went down, or a
 * changed ipamd start time, means ipamd restarted: the increase is then the new value itself. A
 * counter absent from a report is 0 (ipamd prints a labelled counter only after its first
 * increment).
 */
final class CounterDeltas {
  private CounterDeltas() {}

  static boolean restarted(Double prevStart, Double curStart) {
    return prevStart != null && curStart != null && !Objects.equals(prevStart, curStart);
  }

  static Map<String, Double> counters(
      Map<String, Double> prev, Map<String, Double> cur, boolean restarted) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String key : union(prev.keySet(), cur.keySet())) {
      double c = cur.getOrDefault(key, 0.0);
      double p = prev.getOrDefault(key, 0.0);
      out.put(key, restarted || c < p ? c : c - p);
    }
    return out;
  }

  static Map<String, Latency> latencies(
      Map<String, Latency> prev, Map<String, Latency> cur, boolean restarted) {
    Latency zero = new Latency(0, 0);
    Map<String, Latency> out = new LinkedHashMap<>();
    for (String key : union(prev.keySet(), cur.keySet())) {
      Latency c = cur.getOrDefault(key, zero);
      Latency p = prev.getOrDefault(key, zero);
      boolean reset = restarted || c.count() < p.count() || c.sum() < p.sum();
      out.put(key, reset ? c : new Latency(c.sum() - p.sum(), c.count() - p.count()));
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> keys = new HashSet<>(a);
    keys.addAll(b);
    return keys;
  }
}
