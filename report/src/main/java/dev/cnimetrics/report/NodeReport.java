package dev.cnimetrics.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One node's report, {@code GET /v1/report} of the agent (the wire format is the top README's "Node
 * report"). Counters and latencies are cumulative since ipamd started; every map is keyed by {@link
 * Catalogue} name in the order it was written or read.
 *
 * @param node the Kubernetes node name (null when a parsed report names none)
 * @param collectedAt when the agent read ipamd (null when a parsed report carries none)
 * @param instance absent when the agent could not read IMDS
 */
public record NodeReport(
    String node,
    Instant collectedAt,
    IpamdStatus ipamd,
    Map<String, Double> gauges,
    Map<String, Double> counters,
    Map<String, Latency> latency,
    Optional<Instance> instance) {

  /** The report version this module writes and the only one it parses. */
  public static final int VERSION = 1;

  public NodeReport {
    gauges = Collections.unmodifiableMap(new LinkedHashMap<>(gauges));
    counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
  }
}
