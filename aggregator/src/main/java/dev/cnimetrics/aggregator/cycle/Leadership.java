package dev.cnimetrics.aggregator.cycle;

import java.time.Instant;
import java.util.Optional;

/** Whether this instance may publish now, and whether another instance published a cycle. */
public interface Leadership {
  boolean isLeader();

  /**
   * Grows by one each time leadership is acquired; a cycle that saw it change publishes nothing.
   */
  long term();

  /**
   * Records that this leader publishes the cycle stamped {@code cycle}, where every instance can
   * read it ({@link #lastPublished}); called just before the cycle goes to the sinks; best effort.
   */
  default void published(Instant cycle) {}

  /**
   * The last cycle any leader published, as recorded; empty when unknown. A follower takes into its
   * counter baselines exactly the cycles up to it, so a new leader's first cycle counts from the
   * last published one: nothing a killed leader never published is lost, nothing it did is counted
   * again.
   */
  default Optional<Instant> lastPublished() {
    return Optional.empty();
  }

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
