package dev.cnimetrics.aggregator.aggregate;

/**
 * How many nodes a cycle covers. {@code expected = reporting + stale + failed}: reporting nodes
 * answered with ipamd up; stale nodes did not answer but their last report is still young enough to
 * count; failed nodes count with nothing this cycle (no usable report, or ipamd down).
 */
public record Coverage(int expected, int reporting, int stale, int failed) {}
