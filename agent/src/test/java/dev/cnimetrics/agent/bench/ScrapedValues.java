package dev.cnimetrics.agent.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * What the benchmark reads from one agent {@code /metrics} answer (text format): every series
 * without labels by name, and how many {@code pod_interface_shim} series there are.
 *
 * @param values unlabelled series, e.g. {@code cni_metrics_agent_cache_hits_total}
 * @param shimSeries number of {@code pod_interface_shim{...}} lines
 * @param bytes size of the answer
 */
record ScrapedValues(Map<String, Double> values, int shimSeries, int bytes) {

  static ScrapedValues parse(String text) {
    Map<String, Double> values = new HashMap<>();
    int shim = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("pod_interface_shim{")) {
        shim++;
      } else if (!line.isEmpty() && line.charAt(0) != '#' && line.indexOf('{') < 0) {
        int space = line.indexOf(' ');
        if (space > 0) {
          values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
      }
    }
    return new ScrapedValues(values, shim, text.length());
  }

  /** The value of an unlabelled series; a missing one means the agent is not the one expected. */
  double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalStateException(
          "agent /metrics has no series " + name + " (found " + values.keySet() + ")");
    }
    return v;
  }

  long pods() {
    return Math.round(get("cni_metrics_agent_pods"));
  }

  long cacheHits() {
    return Math.round(get("cni_metrics_agent_cache_hits_total"));
  }

  double refreshSeconds() {
    return get("cni_metrics_agent_refresh_duration_seconds");
  }
}
