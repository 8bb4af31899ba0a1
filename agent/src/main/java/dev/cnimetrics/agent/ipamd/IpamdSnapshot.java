package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.agent.collect.CollectedSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The result of one ipamd refresh. When not {@link State#UP}, {@code error} says why in one line
 * and {@code values} is {@link IpamdValues#NONE}. {@code parseErrorsTotal} counts malformed lines
 * over every refresh since the agent started.
 */
public record IpamdSnapshot(
    Instant collectedAt,
    State state,
    Optional<String> error,
    IpamdValues values,
    OptionalDouble scrapeDurationSeconds,
    long parseErrorsTotal)
    implements CollectedSnapshot {

  /** ipamd answered with its metrics, failed, or is switched off with {@code --ipamd-url=none}. */
  public enum State {
    UP,
    DOWN,
    DISABLED
  }

  public static final String DISABLED_ERROR = "ipamd disabled (--ipamd-url=none)";

  public static IpamdSnapshot disabled(Instant at) {
    return new IpamdSnapshot(
        at,
        State.DISABLED,
        Optional.of(DISABLED_ERROR),
        IpamdValues.NONE,
        OptionalDouble.empty(),
        0);
  }

  public boolean up() {
    return state == State.UP;
  }

  /** A disabled ipamd is not a failing one. */
  @Override
  public boolean succeeded() {
    return state != State.DOWN;
  }

  @Override
  public List<MetricSnapshot> metrics() {
    return IpamdSeries.of(this);
  }
}
