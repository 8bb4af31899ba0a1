package dev.cnimetrics.agent.shim;

import dev.cnimetrics.agent.collect.CollectedSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pod interface shim serves after one refresh. When the runtime or the host dump failed,
 * {@code series} are those of the last refresh that worked and {@code servedSince} says when that
 * was; the age is computed when scraped, so it keeps growing while the failure lasts.
 *
 * @param pods READY sandboxes in the last successful CRI list, hostNetwork ones included
 * @param servedSince when the served series were produced (the agent's start before any success)
 * @param refreshSeconds duration of this refresh
 * @param cacheHitsTotal pods served from the cache since the agent started
 * @param errorsTotal resolution errors by reason label since the agent started, zeros included
 * @param clock read at scrape time for the age
 * @param worked this refresh's CRI list and host link dump both worked
 */
public record ShimSnapshot(
    String node,
    List<PodInterfaceSeries> series,
    int pods,
    Instant servedSince,
    double refreshSeconds,
    long cacheHitsTotal,
    Map<String, Long> errorsTotal,
    Clock clock,
    boolean worked)
    implements CollectedSnapshot {

  public ShimSnapshot {
    Objects.requireNonNull(node, "node");
    series = List.copyOf(series);
    Objects.requireNonNull(servedSince, "servedSince");
    errorsTotal = Map.copyOf(errorsTotal);
    Objects.requireNonNull(clock, "clock");
  }

  /** Seconds since {@link #servedSince}, as of now. */
  public double ageSeconds() {
    Duration age = Duration.between(servedSince, clock.instant());
    return age.isNegative() ? 0 : age.toNanos() / 1e9;
  }

  @Override
  public boolean succeeded() {
    return worked;
  }

  @Override
  public List<MetricSnapshot> metrics() {
    return ShimMetrics.of(this);
  }
}
