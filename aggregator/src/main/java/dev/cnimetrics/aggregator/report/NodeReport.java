package dev.cnimetrics.aggregator.report;

import java.util.Map;

/**
 * One agent's {@code /v1/report} (version 1). Counters and latencies are cumulative since ipamd
 * started; {@code processStartTimeSeconds} tells a restart apart from a counter that went down.
 *
 * @param instance null when the agent could not read IMDS
 * @param ignoredKeys metric fields the report carried outside the catalogue (not used)
 */
public record NodeReport(
    String node,
    boolean ipamdUp,
    String ipamdError,
    Double processStartTimeSeconds,
    Map<String, Double> gauges,
    Map<String, Double> counters,
    Map<String, Latency> latency,
    Instance instance,
    int ignoredKeys) {

  public NodeReport(
      String node,
      boolean ipamdUp,
      String ipamdError,
      Double processStartTimeSeconds,
      Map<String, Double> gauges,
      Map<String, Double> counters,
      Map<String, Latency> latency,
      Instance instance) {
    this(
        node, ipamdUp, ipamdError, processStartTimeSeconds, gauges, counters, latency, instance, 0);
  }

  public NodeReport {
    gauges = Map.copyOf(gauges);
    counters = Map.copyOf(counters);
    latency = Map.copyOf(latency);
  }
}
