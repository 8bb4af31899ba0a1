package dev.cnimetrics.agent.imds;

import java.util.regex.Pattern;

/**
 * One ENI of the instance as IMDS describes it.
 *
 * @param ipv4Addresses the ENI's private IPv4 addresses, its primary one included
 * @param ipv4Prefixes delegated /28 prefixes (prefix delegation mode)
 */
public record NetworkInterface(
    String mac, String id, String subnetId, int ipv4Addresses, int ipv4Prefixes) {

  /** More ENIs than any instance type attaches (the largest attach a few dozen). */
  static final int MAX_INTERFACES = 128;

  static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  static final Pattern ENI_ID = Pattern.compile("eni-[0-9a-f]{8,17}");
  public static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");

  /** IPs of a /28 prefix, each of which ipamd can give a pod. */
  static final int IPS_PER_PREFIX = 16;

  /**
   * The pod IPs ipamd can hand out on this ENI: its secondary addresses (ipamd never gives a pod
   * the primary one: {@code addENIsecondaryIPsToDataStore} in amazon-vpc-cni-k8s {@code
   * pkg/ipamd/ipamd.go} skips it) plus 16 per delegated /28 prefix.
   */
  public int podIpCapacity() {
    return Math.max(0, ipv4Addresses - 1) + IPS_PER_PREFIX * ipv4Prefixes;
  }
}
