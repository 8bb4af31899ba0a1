package dev.cnimetrics.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way durations are written, in flags, environment variables and messages: a whole number
 * and one unit, {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. A bare number is accepted only
 * where a caller asks for it ({@link BareNumber#SECONDS}): the upstream helper's {@code
 * METRIC_UPDATE_INTERVAL} is in seconds.
 */
public final class Durations {

  /** What a number without a unit means. */
  public enum BareNumber {
    /** Not a duration: a unit is required. */
    REFUSED,
    /** Seconds, for settings inherited from the upstream helper. */
    SECONDS
  }

  private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

  private Durations() {}

  /** The duration {@code text} names, empty if it is not {@code <digits><ms|s|m|h>}. */
  public static Optional<Duration> parse(String text, BareNumber bare) {
    Matcher m = text == null ? null : SYNTAX.matcher(text.trim());
    if (m == null || !m.matches() || (m.group(2) == null && bare == BareNumber.REFUSED)) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return Optional.of(
        switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
  }

  /** The shortest spelling {@link #parse} reads back: {@code 10s}, {@code 1500ms}, {@code 2m}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
