package dev.cnimetrics.aggregator.cycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cycles on wall-clock boundaries of the interval (:00, :30, …). The boundary is the cycle's
 * timestamp everywhere, so every instance names a cycle the same way: after a failover the new
 * leader's first cycle is a later boundary, never one the old leader already published.
 */
public final class CycleLoop {
  private static final Logger LOG = LoggerFactory.getLogger(CycleLoop.class);
  private final CycleRunner runner;
  private final Duration interval;
  private final Clock clock;
  private final long maxCycles;
  private volatile boolean stopped;

  /**
   * @param maxCycles stop after this many published cycles; 0 = until {@link #stop()}
   */
  public CycleLoop(CycleRunner runner, Duration interval, Clock clock, long maxCycles) {
    this.runner = runner;
    this.interval = interval;
    this.clock = clock;
    this.maxCycles = maxCycles;
  }

  /** The first boundary at or after {@code now}. */
  static Instant nextBoundary(Instant now, Duration interval) {
    long step = interval.toMillis();
    long ms = now.toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(ms + step - 1, step) * step);
  }

  public void run() throws InterruptedException {
    long published = 0;
    Instant last = Instant.MIN;
    while (!stopped) {
      Instant next = nextBoundary(clock.instant(), interval);
      if (!next.isAfter(last)) {
        next = last.plus(interval);
      }
      long wait = Duration.between(clock.instant(), next).toMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      if (stopped) {
        return;
      }
      last = next;
      boolean done;
      try {
        done = runner.run(next);
      } catch (RuntimeException e) {
        // A bug in one cycle must not end the daemon; the next cycle starts clean.
        LOG.error("cycle={} failed: {}", next, e.toString());
        done = false;
      }
      if (done) {
        published++;
        if (maxCycles > 0 && published >= maxCycles) {
          return;
        }
      }
    }
  }

  public void stop() {
    stopped = true;
  }
}
