package dev.cnimetrics.aggregator.sink;

import dev.cnimetrics.aggregator.aggregate.NodeContribution;
import java.util.function.Function;

/**
 * Optional extra dimension sets: each publishes every catalogue metric once more per value (e.g.
 * per instance type), next to the cluster-wide set. Off by default because every value is a new
 * CloudWatch custom metric.
 */
public enum ExtraDimension {
  INSTANCE_TYPE(
      "instance-type", "InstanceType", c -> c.instance() == null ? null : c.instance().type()),
  AVAILABILITY_ZONE(
      "availability-zone",
      "AvailabilityZone",
      c -> c.instance() == null ? null : c.instance().availabilityZone());

  private final String flagValue;
  private final String dimensionName;
  private final Function<NodeContribution, String> key;

  ExtraDimension(String flagValue, String dimensionName, Function<NodeContribution, String> key) {
    this.flagValue = flagValue;
    this.dimensionName = dimensionName;
    this.key = key;
  }

  public String flagValue() {
    return flagValue;
  }

  public String dimensionName() {
    return dimensionName;
  }

  public Function<NodeContribution, String> key() {
    return key;
  }
}
