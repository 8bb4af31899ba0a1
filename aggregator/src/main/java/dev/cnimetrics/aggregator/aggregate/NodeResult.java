package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.NodeReport;
import dev.cnimetrics.report.ParsedReport;

/**
 * What one expected node gave this cycle: a parsed report, or the one-line reason it gave none.
 *
 * @param node the key a node's counters are tracked under (Kubernetes node name, or host:port)
 * @param ignoredKeys metric fields of the report outside the catalogue (dropped by the parser)
 * @param invalidReport the agent answered, but with a report that breaks the contract
 */
public record NodeResult(
    String node, NodeReport report, int ignoredKeys, String failure, boolean invalidReport) {

  public static NodeResult answered(String node, ParsedReport parsed) {
    return new NodeResult(node, parsed.report(), parsed.ignoredKeys(), null, false);
  }

  public static NodeResult answered(String node, NodeReport report) {
    return new NodeResult(node, report, 0, null, false);
  }

  public static NodeResult failed(String node, String failure) {
    return new NodeResult(node, null, 0, failure, false);
  }

  public static NodeResult invalid(String node, String failure) {
    return new NodeResult(node, null, 0, failure, true);
  }
}
