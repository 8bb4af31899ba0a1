package dev.cnimetrics.agent.collect;

import java.util.Objects;

/**
 * When a source's state is news for the log: a line when a problem starts or changes, one when it
 * ends, none while it stays the same. Every collector follows this rule for its WARN/INFO pair, so
 * a source failing at every 10 s refresh writes one line, not 8,640 a day. The caller words the
 * lines; this only says when.
 */
public final class ProblemLog {
  private static final String UNKNOWN = "";
  private String current;

  private ProblemLog(String initial) {
    current = initial;
  }

  /** Starts as working: a first success is not news. */
  public static ProblemLog startingHealthy() {
    return new ProblemLog(null);
  }

  /** Starts unknown: the first outcome, success or failure, is news. */
  public static ProblemLog startingUnknown() {
    return new ProblemLog(UNKNOWN);
  }

  /** True when {@code problem} is new or differs from the last one: log it. */
  public synchronized boolean failed(String problem) {
    Objects.requireNonNull(problem, "problem");
    if (problem.equals(current)) {
      return false;
    }
    current = problem;
    return true;
  }

  /** True when the source was failing (or its state unknown) and now works: log that. */
  public synchronized boolean worked() {
    if (current == null) {
      return false;
    }
    current = null;
    return true;
  }
}
