package dev.cnimetrics.aggregator.scrape;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which node failures deserve a log line, so a node down for hours does not write a line
 * every cycle: a node's first failure, a changed reason, a reminder every {@code repeat}, and the
 * recovery. Pure: the caller logs what it returns.
 */
public final class FailureLog {
  private final Duration repeat;
  private final Map<String, Entry> failing = new HashMap<>();

  private record Entry(String reason, Instant loggedAt, int suppressed) {}

  public FailureLog(Duration repeat) {
    this.repeat = repeat;
  }

  /** The line to log for this failure, if any. */
  public Optional<String> failed(String node, String reason, Instant now) {
    Entry e = failing.get(node);
    if (e == null || !e.reason().equals(reason) || !now.isBefore(e.loggedAt().plus(repeat))) {
      failing.put(node, new Entry(reason, now, 0));
      String again =
          e != null && e.suppressed() > 0 ? " (" + e.suppressed() + " more failures since)" : "";
      return Optional.of(reason + again);
    }
    failing.put(node, new Entry(e.reason(), e.loggedAt(), e.suppressed() + 1));
    return Optional.empty();
  }

  /** The line to log when a node that was failing answers again, if it was failing. */
  public Optional<String> answered(String node, String describe) {
    return failing.remove(node) == null
        ? Optional.empty()
        : Optional.of(describe + ": reporting again");
  }

  /** Forgets nodes that are gone. */
  public void retain(java.util.Set<String> nodes) {
    failing.keySet().retainAll(nodes);
  }
}
