package dev.cnimetrics.aggregator.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.IpamdStatus;
import dev.cnimetrics.report.Latency;
import dev.cnimetrics.report.NodeReport;
import dev.cnimetrics.report.ReportWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Builds an agent's report JSON, written by the report module's writer as the agent writes it. */
public final class ReportJson {
  private static final ObjectMapper COMPACT = new ObjectMapper();
  private static final Instant COLLECTED_AT = Instant.parse("2026-11-21T10:00:00.123Z");
  private String node = "ip-10-0-1-23.ec2.internal";
  private boolean up = true;
  private double start = 1763700000.0;
  private final Map<String, Double> gauges = new TreeMap<>();
  private final Map<String, Double> counters = new TreeMap<>();
  private double latencySum = 0;
  private double latencyCount = 0;
  private String instanceId = "i-0123456789abcdef0";
  private String instanceType = "m5.large";
  private String region = "us-east-1";

  public static ReportJson node(String node) {
    ReportJson r = new ReportJson();
    r.node = node;
    return r;
  }

  public ReportJson gauge(String name, double v) {
    gauges.put(name, v);
    return this;
  }

  public ReportJson counter(String name, double v) {
    counters.put(name, v);
    return this;
  }

  public ReportJson latency(double sum, double count) {
    latencySum = sum;
    latencyCount = count;
    return this;
  }

  public ReportJson startTime(double seconds) {
    start = seconds;
    return this;
  }

  public ReportJson instance(String id, String type, String region) {
    this.instanceId = id;
    this.instanceType = type;
    this.region = region;
    return this;
  }

  public ReportJson ipamdDown() {
    up = false;
    return this;
  }

  /**
   * The report as the agent's own writer spells it, without its indentation (tests edit the text to
   * break it: {@code "version":1} → {@code "version":2}).
   */
  public String json() {
    try {
      return COMPACT.readTree(written()).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the writer's own report is not JSON", e);
    }
  }

  private String written() {
    IpamdStatus ipamd =
        up
            ? new IpamdStatus(
                true, Optional.empty(), OptionalDouble.of(start), OptionalDouble.of(0.004))
            : new IpamdStatus(
                false,
                Optional.of("ipamd http://127.0.0.1:61678/metrics: connection refused"),
                OptionalDouble.empty(),
                OptionalDouble.of(0.001));
    return ReportWriter.write(
        new NodeReport(
            node,
            COLLECTED_AT,
            ipamd,
            up ? gauges : Map.of(),
            up ? counters : Map.of(),
            up ? Map.of("awsAPILatency", new Latency(latencySum, latencyCount)) : Map.of(),
            instanceId == null
                ? Optional.empty()
                : Optional.of(new Instance(instanceId, instanceType, region, region + "a"))));
  }
}
