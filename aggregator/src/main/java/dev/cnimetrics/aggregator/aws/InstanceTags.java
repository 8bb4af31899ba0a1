package dev.cnimetrics.aggregator.aws;

import java.util.Map;

/** An EC2 instance's tags (EC2 DescribeTags in production). */
@FunctionalInterface
public interface InstanceTags {
  /** Tag key → value; throws when EC2 cannot be asked. */
  Map<String, String> tags(String region, String instanceId);
}
