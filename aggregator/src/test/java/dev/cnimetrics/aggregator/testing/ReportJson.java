package dev.cnimetrics.aggregator.testing;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds agent report JSON the way the report contract (version 1) spells it. */
public final class ReportJson {
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

  public String json() {
    StringBuilder b = new StringBuilder();
    b.append("{\"version\":1,\"node\":\"").append(node).append("\",");
    b.append("\"collectedAt\":\"2026-11-21T10:00:00.123Z\",");
    if (!up) {
      b.append(
          "\"ipamd\":{\"up\":false,\"error\":\"ipamd http://127.0.0.1:61678/metrics: connection refused\","
              + "\"processStartTimeSeconds\":null,\"scrapeDurationSeconds\":0.001},"
              + "\"gauges\":{},\"counters\":{},\"latency\":{}");
    } else {
      b.append("\"ipamd\":{\"up\":true,\"error\":null,\"processStartTimeSeconds\":")
          .append(num(start))
          .append(",\"scrapeDurationSeconds\":0.004},");
      b.append("\"gauges\":").append(map(gauges)).append(',');
      b.append("\"counters\":").append(map(counters)).append(',');
      b.append("\"latency\":{\"awsAPILatency\":{\"sum\":")
          .append(num(latencySum))
          .append(",\"count\":")
          .append(num(latencyCount))
          .append("}}");
    }
    if (instanceId != null) {
      b.append(",\"instance\":{\"id\":\"")
          .append(instanceId)
          .append("\",\"type\":\"")
          .append(instanceType)
          .append("\",\"region\":\"")
          .append(region)
          .append("\",\"availabilityZone\":\"")
          .append(region)
          .append("a\"}");
    }
    return b.append('}').toString();
  }

  private static String map(Map<String, Double> m) {
    StringBuilder b = new StringBuilder("{");
    m.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(num(v)));
    return b.append('}').toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
