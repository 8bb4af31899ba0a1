package dev.cnimetrics.report;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One ENI of the node in the report's {@code enis} section (keyed by ENI id).
 *
 * @param subnetId the subnet the ENI is in (from IMDS; empty without it)
 * @param assignedIPAddresses pod IPs ipamd assigned on it ({@code awscni_assigned_ip_per_eni};
 *     empty when ipamd does not count it or is down)
 * @param availableIPAddresses its pod IPs still free: its IPs and prefixes as IMDS lists them minus
 *     the assigned ones; empty unless both are known
 */
public record Eni(
    Optional<String> subnetId,
    OptionalDouble assignedIPAddresses,
    OptionalDouble availableIPAddresses) {

  /** EC2's subnet id format: {@code subnet-} and 8 or 17 hex digits. */
  public static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");

  /** EC2's ENI id format: {@code eni-} and 8 or 17 hex digits. */
  public static final Pattern ENI_ID = Pattern.compile("eni-[0-9a-f]{8}([0-9a-f]{9})?");
}
