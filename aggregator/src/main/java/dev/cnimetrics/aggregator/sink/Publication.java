package dev.cnimetrics.aggregator.sink;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.Headroom;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.aggregate.NodeContribution;
import dev.cnimetrics.aggregator.aggregate.Sums;
import dev.cnimetrics.report.Catalogue;
import dev.cnimetrics.report.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every sink publishes for one cycle.
 *
 * @param cluster the catalogue values for the whole cluster and the headroom values, sorted by name
 * @param groups per extra dimension set: dimension value → that group's values
 * @param nodes per node (at most the {@code --per-node-gauges} cap, fewest free IPs first): its
 *     gauges, sorted by name; empty when off
 * @param subnets subnet id → its free IPs (EC2), sorted; empty without EC2 DescribeSubnets
 */
public record Publication(
    Instant cycleTime,
    Coverage coverage,
    List<MetricValue> cluster,
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups,
    Map<NodeKey, List<MetricValue>> nodes,
    Map<String, Double> subnets) {
  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  public static final String SUBNET_METRIC = "subnetAvailableIPAddresses";

  /** A node's dimension values: its name and instance type ({@code unknown} without IMDS). */
  public record NodeKey(String node, String instanceType) {}

  public Publication(
      Instant cycleTime,
      Coverage coverage,
      List<MetricValue> cluster,
      Map<ExtraDimension, Map<String, List<MetricValue>>> groups) {
    this(cycleTime, coverage, cluster, groups, Map.of(), Map.of());
  }

  public static Publication of(CycleSummary summary, List<ExtraDimension> extraDimensions) {
    return of(summary, extraDimensions, 0, Map.of());
  }

  /**
   * @param perNodeCap nodes published with their own dimension at most; 0 = none
   * @param subnets subnet id → free IPs, as EC2 last answered
   */
  public static Publication of(
      CycleSummary summary,
      List<ExtraDimension> extraDimensions,
      int perNodeCap,
      Map<String, Long> subnets) {
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups =
        new EnumMap<>(ExtraDimension.class);
    for (ExtraDimension d : extraDimensions) {
      Map<String, List<MetricValue>> byGroup = new TreeMap<>();
      Map<String, List<NodeContribution>> members = new TreeMap<>();
      for (NodeContribution c : summary.contributions()) {
        String k = d.key().apply(c);
        members.computeIfAbsent(k == null ? "unknown" : k, x -> new ArrayList<>()).add(c);
      }
      members.forEach((k, m) -> byGroup.put(k, sendable(values(m))));
      groups.put(d, byGroup);
    }
    Map<String, Double> subnetValues = new TreeMap<>();
    subnets.forEach((id, n) -> subnetValues.put(id, (double) n));
    return new Publication(
        summary.cycleTime(),
        summary.coverage(),
        sendable(values(summary.contributions())),
        groups,
        nodes(summary.contributions(), perNodeCap),
        subnetValues);
  }

  /** Sums and headroom, sorted by name. */
  private static List<MetricValue> values(Collection<NodeContribution> contributions) {
    Map<String, MetricValue> byName = new TreeMap<>();
    Sums.of(contributions).forEach(v -> byName.put(v.name(), v));
    Headroom.of(contributions).forEach(v -> byName.put(v.name(), v));
    return new ArrayList<>(byName.values());
  }

  /**
   * The nodes closest to exhaustion first (fewest free IPs; nodes without the gauge last; then by
   * name, so the choice is stable), at most {@code cap}: the cap bounds the custom metrics.
   */
  private static Map<NodeKey, List<MetricValue>> nodes(
      List<NodeContribution> contributions, int cap) {
    if (cap <= 0) {
      return Map.of();
    }
    List<NodeContribution> sorted = new ArrayList<>(contributions);
    sorted.sort(
        Comparator.comparingDouble(
                (NodeContribution c) ->
                    c.gauges().getOrDefault(Catalogue.AVAILABLE_IPS, Double.POSITIVE_INFINITY))
            .thenComparing(NodeContribution::name));
    Map<NodeKey, List<MetricValue>> out = new LinkedHashMap<>();
    for (NodeContribution c : sorted.subList(0, Math.min(cap, sorted.size()))) {
      String type =
          c.instance() == null || c.instance().type() == null ? "unknown" : c.instance().type();
      List<MetricValue> gauges = new ArrayList<>();
      new TreeMap<>(c.gauges()).forEach((k, v) -> gauges.add(new MetricValue(k, v, Unit.COUNT)));
      out.put(new NodeKey(c.name(), type), sendable(gauges));
    }
    return out;
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

  /** The subnets as CloudWatch values, in subnet order. */
  public List<Map.Entry<String, MetricValue>> subnetValues() {
    List<Map.Entry<String, MetricValue>> out = new ArrayList<>();
    subnets.forEach(
        (id, n) -> out.add(Map.entry(id, new MetricValue(SUBNET_METRIC, n, Unit.COUNT))));
    return out;
  }
}
