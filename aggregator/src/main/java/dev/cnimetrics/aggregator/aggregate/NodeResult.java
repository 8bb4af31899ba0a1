package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.aggregator.report.NodeReport;

/**
 * What one expected node gave this cycle: a parsed report, or the one-line reason it gave none.
 *
 * @param node the key a node's counters are tracked under (Kubernetes node name, or host:port)
 */
public record NodeResult(String node, NodeReport report, String failure) {

  public static NodeResult answered(String node, NodeReport report) {
    return new NodeResult(node, report, null);
  }

  public static NodeResult failed(String node, String failure) {
    return new NodeResult(node, null, failure);
  }
}
