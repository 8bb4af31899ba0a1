package dev.cnimetrics.cri;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** A thread-safe {@link CriStats} that keeps one counter per reason. */
public final class CriErrorCounters implements CriStats {
  private static final ErrorReason[] REASONS = ErrorReason.values();
  private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

  @Override
  public void failed(ErrorReason reason) {
    counts.incrementAndGet(reason.ordinal());
  }

  public long count(ErrorReason reason) {
    return counts.get(reason.ordinal());
  }

  /** Every reason, zeros included, so that an exporter can publish all series from the start. */
  public Map<ErrorReason, Long> snapshot() {
    Map<ErrorReason, Long> out = new EnumMap<>(ErrorReason.class);
    for (ErrorReason r : REASONS) {
      out.put(r, counts.get(r.ordinal()));
    }
    return out;
  }
}
