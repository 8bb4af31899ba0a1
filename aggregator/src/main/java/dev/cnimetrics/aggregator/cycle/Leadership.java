package dev.cnimetrics.aggregator.cycle;

/** Whether this instance may scrape and publish now. */
public interface Leadership {
  boolean isLeader();

  /**
   * Grows by one each time leadership is acquired: a cycle that sees a new term starts from fresh
   * baselines, because another instance published the increments in between.
   */
  long term();

  /** A single instance without leader election (static agents). */
  Leadership ALWAYS =
      new Leadership() {
        @Override
        public boolean isLeader() {
          return true;
        }

        @Override
        public long term() {
          return 1;
        }
      };
}
