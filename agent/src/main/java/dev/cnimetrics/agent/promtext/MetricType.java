package dev.cnimetrics.agent.promtext;

import java.util.Locale;
import java.util.Optional;

/** The family types a {@code # TYPE} line may declare in the Prometheus text format 0.0.4. */
public enum MetricType {
  COUNTER,
  GAUGE,
  SUMMARY,
  HISTOGRAM,
  UNTYPED;

  /** The type named by a {@code # TYPE} token, empty for an unknown token. */
  static Optional<MetricType> fromToken(String token) {
    return switch (token) {
      case "counter" -> Optional.of(COUNTER);
      case "gauge" -> Optional.of(GAUGE);
      case "summary" -> Optional.of(SUMMARY);
      case "histogram" -> Optional.of(HISTOGRAM);
      case "untyped" -> Optional.of(UNTYPED);
      default -> Optional.empty();
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
