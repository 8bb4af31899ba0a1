package dev.cnimetrics.aggregator.aggregate;

import java.time.Instant;
import java.util.List;

/** One cycle after aggregation: who counted, and with what. */
public record CycleSummary(
    Instant cycleTime, Coverage coverage, List<NodeContribution> contributions) {}
