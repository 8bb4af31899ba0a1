package dev.cnimetrics.aggregator.aggregate;

import java.time.Instant;
import java.util.List;

/** One cycle after aggregation: who counted, with what, and what was noticed on the way. */
public record CycleSummary(
    Instant cycleTime,
    Coverage coverage,
    List<NodeContribution> contributions,
    List<NodeEvent> events) {

  public CycleSummary(Instant cycleTime, Coverage coverage, List<NodeContribution> contributions) {
    this(cycleTime, coverage, contributions, List.of());
  }
}
