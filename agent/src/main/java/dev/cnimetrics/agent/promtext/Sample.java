package dev.cnimetrics.agent.promtext;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One sample line: the sample name as written (e.g. {@code foo_sum} of summary {@code foo}), its
 * labels, the value (NaN and infinities included) and the optional timestamp in milliseconds.
 */
public record Sample(
    String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {

  public Sample {
    labels = Map.copyOf(labels);
  }
}
