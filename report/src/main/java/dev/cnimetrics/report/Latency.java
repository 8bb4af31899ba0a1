package dev.cnimetrics.report;

/** A latency summary's cumulative {@code _sum} (milliseconds) and {@code _count}. */
public record Latency(double sum, double count) {
  public static final Latency ZERO = new Latency(0, 0);
}
