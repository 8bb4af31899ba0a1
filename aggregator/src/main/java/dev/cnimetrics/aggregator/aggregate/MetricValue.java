package dev.cnimetrics.aggregator.aggregate;

import dev.cnimetrics.report.Unit;

/** One published value, named with its CloudWatch name. */
public record MetricValue(String name, double value, Unit unit) {}
