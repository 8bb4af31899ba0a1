package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.Latency;
import java.util.Map;

/**
 * What one node adds to a cycle's sums.
 *
 * @param gauges the gauges counted for it (this cycle's, or a still-young earlier report's)
 * @param counterDeltas increases since the previous report; null when this report is the node's
 *     baseline (first sighting) or the node did not answer this cycle
 * @param latencyDeltas the matching increases of each latency summary's sum and count; null
 *     likewise
 * @param instance null when unknown
 * @param reporting the node answered this cycle (false: its gauges are a still-young earlier
 *     report's)
 * @param name the node's name for a {@code NodeName} dimension: the name its report gives when that
 *     is a valid Kubernetes node name (static targets are keyed by host:port), else {@code node}
 */
public record NodeContribution(
    String node,
    Instance instance,
    Map<String, Double> gauges,
    Map<String, Double> counterDeltas,
    Map<String, Latency> latencyDeltas,
    boolean reporting,
    String name) {

  /** A Kubernetes node name (RFC 1123 subdomain), as the agent's --node-name accepts. */
  private static final java.util.regex.Pattern NODE_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** The name for dimensions: {@code reported} when it is a node name, else {@code key}. */
  public static String nameFor(String key, String reported) {
    return reported != null && NODE_NAME.matcher(reported).matches() ? reported : key;
  }

  public NodeContribution(
      String node,
      Instance instance,
      Map<String, Double> gauges,
      Map<String, Double> counterDeltas,
      Map<String, Latency> latencyDeltas) {
    this(node, instance, gauges, counterDeltas, latencyDeltas, true, node);
  }
}
