package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.Catalogue;
import dev.cnimetrics.report.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How close the cluster is to running out of pod IPs, beyond the sum of the nodes' free IPs: {@code
 * minNodeAvailableIPAddresses} (the free IPs of the node closest to exhaustion, over the nodes the
 * sums count) and {@code nodesWithoutAvailableIPAddresses} (reporting nodes with none). Nothing
 * when no node reports its free IPs (agents or ipamd older than the gauge).
 */
public final class Headroom {
  public static final String MIN_NODE = "minNodeAvailableIPAddresses";
  public static final String NODES_WITHOUT = "nodesWithoutAvailableIPAddresses";

  private Headroom() {}

  public static List<MetricValue> of(Collection<NodeContribution> contributions) {
    double min = Double.POSITIVE_INFINITY;
    int without = 0;
    boolean reported = false;
    for (NodeContribution c : contributions) {
      Double free = c.gauges().get(Catalogue.AVAILABLE_IPS);
      if (free == null) {
        continue;
      }
      min = Math.min(min, free);
      if (c.reporting()) {
        reported = true;
        if (free == 0) {
          without++;
        }
      }
    }
    List<MetricValue> out = new ArrayList<>();
    if (Double.isFinite(min)) {
      out.add(new MetricValue(MIN_NODE, min, Unit.COUNT));
    }
    if (reported) {
      out.add(new MetricValue(NODES_WITHOUT, without, Unit.COUNT));
    }
    return out;
  }
}
