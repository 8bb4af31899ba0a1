package dev.cnimetrics.aggregator.aggregate;

/** One published value, named with its CloudWatch name. */
public record MetricValue(String name, double value, Unit unit) {}
