package dev.cnimetrics.aggregator.sink;

import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;

/**
 * {@code cni_metrics_cluster{metric}}: exactly what CloudWatch gets for the cluster-wide set in the
 * last cycle, and {@code cni_metrics_subnet_available_ip_addresses{subnet_id}}, what it gets per
 * subnet. Cleared when leadership is lost, so only the leader shows cluster values.
 */
public final class PrometheusSink implements Sink {
  private final AggregatorMetrics metrics;

  public PrometheusSink(AggregatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void publish(Publication p, String clusterId) {
    metrics.cluster().clear();
    for (MetricValue v : p.cluster()) {
      metrics.cluster().labelValues(v.name()).set(v.value());
    }
    metrics.subnets().clear();
    p.subnets().forEach((id, n) -> metrics.subnets().labelValues(id).set(n));
  }

  @Override
  public void leadershipLost() {
    metrics.cluster().clear();
    metrics.subnets().clear();
  }
}
