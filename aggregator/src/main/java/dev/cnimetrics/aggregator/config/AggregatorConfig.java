package dev.cnimetrics.aggregator.config;

import dev.cnimetrics.aggregator.sink.ExtraDimension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The validated configuration. Optional values are null when unset.
 *
 * @param authTokenFile null: agents are asked without a token and /metrics is open
 * @param namespace the Lease's namespace, null for the aggregator's own
 * @param agentNamespace the agent pods' namespace, null for {@code namespace}
 * @param staticAgents non-empty: scrape these and skip Kubernetes and leader election
 * @param cycles 0 = run until stopped
 * @param logLevel an slf4j-simple level: error, warn, info, debug or trace
 * @param perNodeGauges nodes published with their own dimension at most; 0 = off
 * @param subnetInterval null = no subnet capacity (off)
 */
public record AggregatorConfig(
    Duration interval,
    Duration cycleDeadline,
    Duration scrapeTimeout,
    int scrapeConcurrency,
    int maxReportBytes,
    Duration maxReportAge,
    long maxCounterIncrease,
    Set<SinkKind> sinks,
    InetSocketAddress listen,
    Path authTokenFile,
    String clusterId,
    String region,
    URI cloudWatchEndpoint,
    String cloudWatchNamespace,
    int cloudWatchBacklog,
    Duration cloudWatchTimeout,
    List<ExtraDimension> extraDimensions,
    int perNodeGauges,
    Duration subnetInterval,
    URI ec2Endpoint,
    boolean imds,
    URI imdsEndpoint,
    String namespace,
    String agentNamespace,
    String agentSelector,
    int agentPort,
    List<InetSocketAddress> staticAgents,
    String leaseName,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    String identity,
    long cycles,
    String logLevel) {

  /** Where cycles go. */
  public enum SinkKind {
    CLOUDWATCH,
    PROMETHEUS,
    EMF
  }

  public boolean kubernetesMode() {
    return staticAgents.isEmpty();
  }
}
