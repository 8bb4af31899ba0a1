package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.aggregator.report.NodeReport;

/**
 * What one expected node gave this cycle: a parsed report, or the one-line reason it gave none.
 *
 * @param node the key a node's counters are tracked under (Kubernetes node name, or host:port)
 * @param invalidReport the agent answered, but with a report that breaks the contract
 */
public record NodeResult(String node, NodeReport report, String failure, boolean invalidReport) {

  public static NodeResult answered(String node, NodeReport report) {
    return new NodeResult(node, report, null, false);
  }

  public static NodeResult failed(String node, String failure) {
    return new NodeResult(node, null, failure, false);
  }

  public static NodeResult invalid(String node, String failure) {
    return new NodeResult(node, null, failure, true);
  }
}
