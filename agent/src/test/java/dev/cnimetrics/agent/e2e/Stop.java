package dev.cnimetrics.agent.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stops a process the test started: SIGTERM to its PID, SIGKILL if it outlives the grace time. */
final class Stop {

  private Stop() {}

  static void byPid(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
