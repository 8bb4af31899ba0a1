package dev.cnimetrics.agent.shim;

import dev.cnimetrics.cri.CriStats;
import dev.cnimetrics.netns.ResolutionErrors;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code cni_metrics_agent_resolution_errors_total{reason}}: the CRI client's and the netns
 * resolver's failures in one counter family. Every reason of both is present from the start, at 0,
 * so a rate over it works before the first failure. The two modules' labels do not overlap.
 */
public final class ResolutionCounters implements CriStats, ResolutionErrors {

  private final Map<String, AtomicLong> byReason = new TreeMap<>();

  public ResolutionCounters() {
    Stream.concat(
            Stream.of(dev.cnimetrics.cri.CriErrorReason.values()).map(r -> r.label()),
            Stream.of(dev.cnimetrics.netns.NetnsErrorReason.values()).map(r -> r.label()))
        .forEach(label -> byReason.put(label, new AtomicLong()));
  }

  @Override
  public void failed(dev.cnimetrics.cri.CriErrorReason reason) {
    byReason.get(reason.label()).incrementAndGet();
  }

  @Override
  public void count(dev.cnimetrics.netns.NetnsErrorReason reason) {
    byReason.get(reason.label()).incrementAndGet();
  }

  /** Every reason's count, sorted by label. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    byReason.forEach((label, count) -> out.put(label, count.get()));
    return out;
  }
}
