package dev.cnimetrics.aggregator.sink;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.aggregate.Sums;
import dev.cnimetrics.aggregator.aggregate.Unit;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What every sink publishes for one cycle.
 *
 * @param cluster the catalogue values for the whole cluster, sorted by name
 * @param groups per extra dimension set: dimension value → that group's values
 */
public record Publication(
    Instant cycleTime,
    Coverage coverage,
    List<MetricValue> cluster,
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups) {

  public static Publication of(CycleSummary summary, List<ExtraDimension> extraDimensions) {
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups =
        new EnumMap<>(ExtraDimension.class);
    for (ExtraDimension d : extraDimensions) {
      groups.put(d, Sums.byGroup(summary.contributions(), d.key()));
    }
    return new Publication(
        summary.cycleTime(), summary.coverage(), Sums.of(summary.contributions()), groups);
  }

  /** The coverage as CloudWatch values: nodesExpected, nodesReporting, nodesStale, nodesFailed. */
  public List<MetricValue> coverageValues() {
    return List.of(
        new MetricValue("nodesExpected", coverage.expected(), Unit.COUNT),
        new MetricValue("nodesReporting", coverage.reporting(), Unit.COUNT),
        new MetricValue("nodesStale", coverage.stale(), Unit.COUNT),
        new MetricValue("nodesFailed", coverage.failed(), Unit.COUNT));
  }
}
