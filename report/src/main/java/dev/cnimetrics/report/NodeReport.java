package dev.cnimetrics.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node's report, {@code GET /v1/report} of the agent (the wire format is the top README's "Node
 * report"). Counters and latencies are cumulative since ipamd started; every map is keyed by {@link
 * Catalogue} name in the order it was written or read.
 *
 * @param node the Kubernetes node name (null when a parsed report names none)
 * @param collectedAt when the agent read ipamd (null when a parsed report carries none)
 * @param instance absent when the agent could not read IMDS
 * @param enis the node's ENIs by id, sorted (empty from agents older than the section)
 */
public record NodeReport(
    String node,
    Instant collectedAt,
    IpamdStatus ipamd,
    Map<String, Double> gauges,
    Map<String, Double> counters,
    Map<String, Latency> latency,
    Optional<Instance> instance,
    Map<String, Eni> enis) {

  public NodeReport(
      String node,
      Instant collectedAt,
      IpamdStatus ipamd,
      Map<String, Double> gauges,
      Map<String, Double> counters,
      Map<String, Latency> latency,
      Optional<Instance> instance) {
    this(node, collectedAt, ipamd, gauges, counters, latency, instance, Map.of());
  }

  /** The report version this module writes and the only one it parses. */
  public static final int VERSION = 1;

  public NodeReport {
    gauges = Collections.unmodifiableMap(new LinkedHashMap<>(gauges));
    counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
    enis = Collections.unmodifiableMap(new TreeMap<>(enis));
  }

  /** The subnets of the node's ENIs, sorted. */
  public Set<String> subnetIds() {
    Set<String> out = new TreeSet<>();
    enis.values().forEach(e -> e.subnetId().ifPresent(out::add));
    return out;
  }
}
