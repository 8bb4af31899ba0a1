package dev.cnimetrics.aggregator.subnet;

import java.util.List;
import java.util.Map;

/** Free IPs of VPC subnets (EC2 DescribeSubnets in production). */
public interface SubnetLookup {
  /**
   * Subnet id → {@code AvailableIpAddressCount} for those of {@code subnetIds} that exist; throws
   * when EC2 cannot be asked or refuses.
   *
   * @param onRequest called once per API request made (for the request counter)
   */
  Map<String, Long> available(String region, List<String> subnetIds, Runnable onRequest);
}
