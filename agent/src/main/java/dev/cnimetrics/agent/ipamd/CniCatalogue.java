package dev.cnimetrics.agent.ipamd;

import java.util.List;

/**
 * The CNI metric catalogue: the 20 ipamd metrics the node report carries, each under its CloudWatch
 * name. The single source of these names in the project; other tooling derives from it (run this
 * class's {@code main} for a tab-separated listing).
 */
public final class CniCatalogue {

  /** How an entry is read from ipamd and what the report carries for it. */
  public enum Kind {
    /** Sum over all label series; omitted from the report when ipamd does not expose it. */
    GAUGE,
    /** Sum over all label series, cumulative since ipamd started; absent family = 0. */
    COUNTER,
    /** {@code _sum} and {@code _count} of a summary, each summed over all label series. */
    LATENCY_SUMMARY
  }

  /** One catalogue entry. {@code unit} is the CloudWatch unit the aggregator publishes. */
  public record Entry(String cloudWatchName, String ipamdMetric, Kind kind, String unit) {}

  /** ipamd's own start time, which tells a counter reset from a decrease. */
  public static final String PROCESS_START_TIME = "process_start_time_seconds";

  /** The prefix every ipamd CNI metric has; a response without any is not ipamd's. */
  public static final String IPAMD_PREFIX = "awscni_";

  public static final List<Entry> ENTRIES =
      List.of(
          gauge("assignIPAddresses", "awscni_assigned_ip_addresses"),
          gauge("totalIPAddresses", "awscni_total_ip_addresses"),
          gauge("totalIPv4Prefixes", "awscni_total_ipv4_prefixes"),
          gauge("totalAssignedIPv4sPerCidr", "awscni_assigned_ip_per_cidr"),
          gauge("eniAllocated", "awscni_eni_allocated"),
          gauge("eniMaxAvailable", "awscni_eni_max"),
          gauge("maxIPAddresses", "awscni_ip_max"),
          gauge("ipamdActionInProgress", "awscni_ipamd_action_inprogress"),
          new Entry(
              "awsAPILatency", "awscni_aws_api_latency_ms", Kind.LATENCY_SUMMARY, "Milliseconds"),
          counter("awsAPIErr", "awscni_aws_api_error_count"),
          counter("awsUtilErr", "awscni_aws_utils_error_count"),
          counter("ipamdErr", "awscni_ipamd_error_count"),
          counter("forceRemoveENI", "awscni_force_removed_enis"),
          counter("forceRemoveIPs", "awscni_force_removed_ips"),
          counter("reconcileCount", "awscni_reconcile_count"),
          counter("addReqCount", "awscni_add_ip_req_count"),
          counter("delReqCount", "awscni_del_ip_req_count"),
          counter("podENIErr", "awscni_pod_eni_error_count"),
          counter("ec2ApiReqCount", "awscni_ec2api_req_count"),
          counter("ec2ApiErrCount", "awscni_ec2api_error_count"));

  private CniCatalogue() {}

  public static List<Entry> ofKind(Kind kind) {
    return ENTRIES.stream().filter(e -> e.kind() == kind).toList();
  }

  private static Entry gauge(String cloudWatchName, String ipamdMetric) {
    return new Entry(cloudWatchName, ipamdMetric, Kind.GAUGE, "Count");
  }

  private static Entry counter(String cloudWatchName, String ipamdMetric) {
    return new Entry(cloudWatchName, ipamdMetric, Kind.COUNTER, "Count");
  }

  /** Prints one line per entry: CloudWatch name, ipamd metric, kind, unit (tab-separated). */
  public static void main(String[] args) {
    for (Entry e : ENTRIES) {
      System.out.println(
          String.join("\t", e.cloudWatchName(), e.ipamdMetric(), e.kind().name(), e.unit()));
    }
  }
}
