package dev.cnimetrics.aggregator.sink;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.aggregate.Sums;
import dev.cnimetrics.report.Catalogue;
import dev.cnimetrics.report.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  public static Publication of(CycleSummary summary, List<ExtraDimension> extraDimensions) {
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups =
        new EnumMap<>(ExtraDimension.class);
    for (ExtraDimension d : extraDimensions) {
      Map<String, List<MetricValue>> byGroup = new TreeMap<>();
      Sums.byGroup(summary.contributions(), d.key())
          .forEach((k, values) -> byGroup.put(k, sendable(values)));
      groups.put(d, byGroup);
    }
    return new Publication(
        summary.cycleTime(),
        summary.coverage(),
        sendable(Sums.of(summary.contributions())),
        groups);
  }

  /**
   * Only values every sink can carry: CloudWatch refuses a whole request for one NaN, ±Infinity or
   * magnitude over 2^360, and EMF has no way to write them. Reports are checked when parsed, so a
   * value dropped here is a bug (logged); a magnitude under 2^-360, which CloudWatch also refuses,
   * is sent as 0.
   */
  static List<MetricValue> sendable(List<MetricValue> values) {
    List<MetricValue> out = new ArrayList<>(values.size());
    for (MetricValue v : values) {
      double a = Math.abs(v.value());
      if (!Double.isFinite(v.value()) || a > Catalogue.MAX_VALUE) {
        LOG.error(
            "metric={} value={} not published: outside CloudWatch's range", v.name(), v.value());
      } else if (a != 0 && a < Catalogue.MIN_NONZERO_VALUE) {
        out.add(new MetricValue(v.name(), 0, v.unit()));
      } else {
        out.add(v);
      }
    }
    return out;
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
