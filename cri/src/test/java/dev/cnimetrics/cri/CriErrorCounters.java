package dev.cnimetrics.cri;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** A thread-safe {@link CriStats} that keeps one counter per reason. */
public final class CriErrorCounters implements CriStats {
  private static final CriErrorReason[] REASONS = CriErrorReason.values();
  private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

  @Override
  public void failed(CriErrorReason reason) {
    counts.incrementAndGet(reason.ordinal());
  }

  public long count(CriErrorReason reason) {
    return counts.get(reason.ordinal());
  }

  /** Every reason, zeros included, so that an exporter can publish all series from the start. */
  public Map<CriErrorReason, Long> snapshot() {
    Map<CriErrorReason, Long> out = new EnumMap<>(CriErrorReason.class);
    for (CriErrorReason r : REASONS) {
      out.put(r, counts.get(r.ordinal()));
    }
    return out;
  }
}
