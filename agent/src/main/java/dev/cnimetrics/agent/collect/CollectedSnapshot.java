package dev.cnimetrics.agent.collect;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/** What one collector knew after one refresh. Immutable; served until the next refresh. */
public interface CollectedSnapshot {

  /** This source's series for {@code /metrics}; empty when it has none. */
  List<MetricSnapshot> metrics();
}
