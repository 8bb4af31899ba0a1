package dev.cnimetrics.aggregator.report;

/** A latency summary's cumulative {@code _sum} (milliseconds) and {@code _count}. */
public record Latency(double sum, double count) {}
