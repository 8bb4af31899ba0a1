package dev.cnimetrics.agent.imds;

import dev.cnimetrics.agent.collect.CollectedSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The node's ENIs from the last IMDS read that worked ({@code readAt}, empty before the first), and
 * the one-line reason when the latest read failed.
 */
public record InterfacesSnapshot(
    List<NetworkInterface> interfaces, Optional<Instant> readAt, Optional<String> error)
    implements CollectedSnapshot {

  public static final InterfacesSnapshot NONE =
      new InterfacesSnapshot(List.of(), Optional.empty(), Optional.empty());

  @Override
  public List<MetricSnapshot> metrics() {
    return List.of();
  }
}
