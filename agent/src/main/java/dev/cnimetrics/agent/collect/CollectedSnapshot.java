package dev.cnimetrics.agent.collect;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/** What one collector knew after one refresh. Immutable; served until the next refresh. */
public interface CollectedSnapshot {

  /**
   * Whether this refresh got what it came for; {@link RefreshLoop} publishes it for every collector
   * as {@code cni_metrics_agent_collector_success{collector}}. A collector whose source cannot fail
   * need not override it.
   */
  default boolean succeeded() {
    return true;
  }

  /** This source's series for {@code /metrics}; empty when it has none. */
  List<MetricSnapshot> metrics();
}
