package dev.cnimetrics.aggregator.config;

import dev.cnimetrics.aggregator.sink.ExtraDimension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The validated configuration, one record per subsystem. Optional values are null when unset.
 *
 * @param authTokenFile null: agents are asked without a token and /metrics is open
 * @param authAcceptTokenFile null, or a file whose token /metrics also accepts (a rotation)
 * @param logLevel an slf4j-simple level: error, warn, info, debug or trace
 */
public record AggregatorConfig(
    CycleSettings cycle,
    ScrapeSettings scrape,
    PublishSettings publish,
    AwsSettings aws,
    KubeSettings kube,
    InetSocketAddress listen,
    Path authTokenFile,
    Path authAcceptTokenFile,
    String logLevel) {

  /**
   * When cycles run and what they accept from a node's report.
   *
   * @param maxCounterIncrease above it a node's report is not used that cycle
   * @param cycles 0 = run until stopped
   */
  public record CycleSettings(
      Duration interval,
      Duration cycleDeadline,
      Duration maxReportAge,
      long maxCounterIncrease,
      long cycles) {}

  /** How the agents' reports are fetched. */
  public record ScrapeSettings(Duration scrapeTimeout, int scrapeConcurrency, int maxReportBytes) {}

  /**
   * Where and how cycles are published.
   *
   * @param perNodeGauges nodes published with their own dimension at most; 0 = off
   */
  public record PublishSettings(
      Set<SinkKind> sinks,
      URI cloudWatchEndpoint,
      String cloudWatchNamespace,
      int cloudWatchBacklog,
      Duration cloudWatchTimeout,
      List<ExtraDimension> extraDimensions,
      int perNodeGauges) {}

  /**
   * The cluster's AWS identity and the AWS reads besides CloudWatch.
   *
   * @param subnetInterval null = no subnet capacity (off)
   */
  public record AwsSettings(
      String clusterId,
      String region,
      URI ec2Endpoint,
      boolean imds,
      URI imdsEndpoint,
      Duration subnetInterval) {}

  /**
   * Kubernetes: where the agents are and the Lease of the leader election.
   *
   * @param namespace the Lease's namespace, null for the aggregator's own
   * @param agentNamespace the agent pods' namespace, null for {@code namespace}
   * @param staticAgents non-empty: scrape these and skip Kubernetes and leader election
   */
  public record KubeSettings(
      String namespace,
      String agentNamespace,
      String agentSelector,
      int agentPort,
      List<InetSocketAddress> staticAgents,
      String leaseName,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      String identity) {}

  /** Where cycles go. */
  public enum SinkKind {
    CLOUDWATCH,
    PROMETHEUS,
    EMF
  }

  public boolean kubernetesMode() {
    return kube.staticAgents().isEmpty();
  }
}
