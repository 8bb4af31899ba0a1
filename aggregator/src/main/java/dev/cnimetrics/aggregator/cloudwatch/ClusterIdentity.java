package dev.cnimetrics.aggregator.cloudwatch;

import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.NodeContribution;
import dev.cnimetrics.aggregator.report.Instance;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLUSTER_ID dimension value and the AWS region, as the upstream helper finds them. Cluster id:
 * the flag/AWS_CLUSTER_ID, else the tags of a reporting node's instance ({@code eks:cluster-name},
 * then {@code CLUSTER_ID}, then {@code Name}), else {@code k8s-cluster}. Region: the flag/
 * AWS_REGION, else an agent report's instance region, else IMDS. While EC2 cannot be asked, the id
 * stays unknown and the sinks hold their cycles rather than publish under a wrong id.
 */
public final class ClusterIdentity {
  static final List<String> TAG_KEYS = List.of("eks:cluster-name", "CLUSTER_ID", "Name");
  static final String FALLBACK = "k8s-cluster";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterIdentity.class);

  private final InstanceTags tags;
  private final RegionSource imds;
  private volatile String clusterId;
  private volatile String region;
  private boolean imdsTried;
  private String lastProblem;

  public ClusterIdentity(String clusterId, String region, InstanceTags tags, RegionSource imds) {
    this.clusterId = clusterId;
    this.region = region;
    this.tags = tags;
    this.imds = imds;
  }

  public Optional<String> clusterId() {
    return Optional.ofNullable(clusterId);
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** Fills in what this cycle's reports can tell; cheap once both are known. */
  public synchronized void observe(CycleSummary summary) {
    if (region == null) {
      region = first(summary, Instance::region);
      if (region != null) {
        LOG.info("region={} source=agent-report", region);
      } else if (!imdsTried) {
        imdsTried = true;
        region = imds.region().orElse(null);
        if (region != null) {
          LOG.info("region={} source=imds", region);
        }
      }
    }
    if (clusterId != null || summary.contributions().isEmpty()) {
      return;
    }
    String instanceId = first(summary, Instance::id);
    if (instanceId == null) {
      settle(
          FALLBACK,
          "cluster id: no agent report carries an EC2 instance id (agents without IMDS?); using"
              + " CLUSTER_ID="
              + FALLBACK
              + "; set --cluster-id or AWS_CLUSTER_ID");
      return;
    }
    if (region == null) {
      problem(
          "cluster id: cannot ask EC2 for the tags of "
              + instanceId
              + " without a region; set --region/AWS_REGION or --cluster-id/AWS_CLUSTER_ID");
      return;
    }
    Map<String, String> found;
    try {
      found = tags.tags(region, instanceId);
    } catch (RuntimeException e) {
      problem(
          "cluster id: EC2 DescribeTags for "
              + instanceId
              + " failed ("
              + e.getMessage()
              + "); CloudWatch and EMF hold their cycles; grant ec2:DescribeTags or set"
              + " AWS_CLUSTER_ID");
      return;
    }
    for (String key : TAG_KEYS) {
      if (found.get(key) != null && !found.get(key).isBlank()) {
        settle(found.get(key), null);
        LOG.info("cluster id={} source=ec2-tag key={} instance={}", clusterId, key, instanceId);
        return;
      }
    }
    settle(
        FALLBACK,
        "cluster id: instance "
            + instanceId
            + " has none of the tags "
            + TAG_KEYS
            + "; using CLUSTER_ID="
            + FALLBACK
            + "; set --cluster-id or AWS_CLUSTER_ID");
  }

  private void settle(String id, String warning) {
    clusterId = id;
    if (warning != null) {
      LOG.warn(warning);
    }
  }

  private void problem(String line) {
    if (!Objects.equals(line, lastProblem)) {
      LOG.warn(line);
      lastProblem = line;
    }
  }

  private static String first(CycleSummary summary, Function<Instance, String> field) {
    for (NodeContribution c : summary.contributions()) {
      if (c.instance() != null && field.apply(c.instance()) != null) {
        return field.apply(c.instance());
      }
    }
    return null;
  }
}
