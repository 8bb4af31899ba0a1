package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.report.Latency;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The catalogue values read from one ipamd exposition, keyed by CloudWatch name in catalogue order.
 * {@code ipamdSamples} counts the samples named {@code awscni_*}: zero means the response was not
 * ipamd's.
 */
public record IpamdValues(
    Map<String, Double> gauges,
    Map<String, Double> counters,
    Map<String, Latency> latency,
    Map<String, Double> assignedPerEni,
    OptionalDouble processStartTimeSeconds,
    int ipamdSamples) {

  public static final IpamdValues NONE =
      new IpamdValues(Map.of(), Map.of(), Map.of(), Map.of(), OptionalDouble.empty(), 0);
}
