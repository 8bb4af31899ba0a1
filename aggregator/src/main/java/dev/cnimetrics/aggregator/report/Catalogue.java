package dev.cnimetrics.aggregator.report;

import java.util.Set;

/**
 * The CloudWatch names a report may carry, by section: the agent's {@code CniCatalogue} (DESIGN's
 * catalogue table, from the upstream helper v1.23.1). Only these are ever published, so an agent
 * cannot choose CloudWatch metric names (each new name is a custom metric AWS bills monthly). The
 * aggregator shares no module with the agent; issue #13 moves both lists into one.
 */
public final class Catalogue {
  private Catalogue() {}

  public static final Set<String> GAUGES =
      Set.of(
          "assignIPAddresses",
          "totalIPAddresses",
          "totalIPv4Prefixes",
          "totalAssignedIPv4sPerCidr",
          "eniAllocated",
          "eniMaxAvailable",
          "maxIPAddresses",
          "ipamdActionInProgress");

  public static final Set<String> COUNTERS =
      Set.of(
          "awsAPIErr",
          "awsUtilErr",
          "ipamdErr",
          "forceRemoveENI",
          "forceRemoveIPs",
          "reconcileCount",
          "addReqCount",
          "delReqCount",
          "podENIErr",
          "ec2ApiReqCount",
          "ec2ApiErrCount");

  public static final Set<String> LATENCIES = Set.of("awsAPILatency");

  /**
   * The largest magnitude CloudWatch accepts for a value (PutMetricData: values outside
   * -2^360..2^360 are rejected, as are NaN and ±Infinity).
   */
  public static final double CLOUDWATCH_MAX = Math.scalb(1.0, 360);

  /**
   * The smallest non-zero magnitude CloudWatch accepts (2^-360); smaller values are rejected, so
   * they are sent as 0.
   */
  public static final double CLOUDWATCH_MIN = Math.scalb(1.0, -360);
}
