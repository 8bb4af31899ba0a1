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
 */
public record NodeContribution(
    String node,
    Instance instance,
    Map<String, Double> gauges,
    Map<String, Double> counterDeltas,
    Map<String, Latency> latencyDeltas) {}
