package dev.cnimetrics.cri.config;

import java.time.Duration;

/** Durations the way users type them in flags and read them in messages: 2s, 500ms. */
public final class Durations {
  private Durations() {}

  public static String format(Duration d) {
    if (d.toNanosPart() % 1_000_000 != 0) {
      return d.toNanos() + "ns";
    }
    if (d.toMillisPart() != 0 || d.isNegative()) {
      return d.toMillis() + "ms";
    }
    return d.toSeconds() + "s";
  }
}
