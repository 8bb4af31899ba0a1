package dev.cnimetrics.aggregator.aggregate;

/**
 * Something about one node's report this cycle that the operator should learn of (one log line, one
 * count): the report was not used, or started a new baseline.
 *
 * @param reason one line; names the counter and the numbers, never text from the report
 */
public record NodeEvent(String node, Kind kind, String reason) {

  public enum Kind {
    /** A counter rose by more than the plausibility bound: report not used, baseline kept. */
    IMPLAUSIBLE_INCREASE,
    /** A counter went down while ipamd's start time did not change: new baseline, no increase. */
    COUNTER_DECREASE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
