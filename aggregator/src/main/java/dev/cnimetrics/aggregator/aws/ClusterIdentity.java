package dev.cnimetrics.aggregator.aws;

import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.NodeContribution;
import dev.cnimetrics.aggregator.log.LogText;
import dev.cnimetrics.report.Instance;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLUSTER_ID dimension value and the AWS region, as the upstream helper finds them. Cluster id:
 * the flag/AWS_CLUSTER_ID, else the tags of a reporting node's instance ({@code eks:cluster-name},
 * then {@code CLUSTER_ID}, then {@code Name}), else {@code k8s-cluster}. Region: the flag/
 * AWS_REGION, else the instance region the agent reports agree on, else IMDS. While EC2 cannot be
 * asked, the id stays unknown and the sinks hold their cycles rather than publish under a wrong id.
 *
 * <p>What comes from reports is checked, because any agent can send anything: a region must look
 * like one ({@code us-east-1}, {@code us-gov-west-1}) and every report that carries one must carry
 * the same (else IMDS is asked and the reports are not used); an instance id must look like one
 * before EC2 is asked for its tags; a tag value must be a valid CloudWatch dimension value.
 */
public final class ClusterIdentity {
  static final List<String> TAG_KEYS = List.of("eks:cluster-name", "CLUSTER_ID", "Name");
  static final String FALLBACK = "k8s-cluster";
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+){1,3}-[0-9]{1,2}");
  static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{1,17}");
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
      region = agreedRegion(summary);
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
    String instanceId = first(summary, i -> valid(INSTANCE_ID, i.id()));
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
              + LogText.escape(e.getMessage())
              + "); CloudWatch and EMF hold their cycles; grant ec2:DescribeTags or set"
              + " AWS_CLUSTER_ID");
      return;
    }
    for (String key : TAG_KEYS) {
      if (dimensionValue(found.get(key))) {
        settle(found.get(key), null);
        LOG.info(
            "cluster id={} source=ec2-tag key={} instance={}",
            LogText.escape(clusterId),
            key,
            instanceId);
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

  /**
   * The one valid region every report that names one agrees on; null (and one line) when they
   * disagree or none is valid.
   */
  private String agreedRegion(CycleSummary summary) {
    Map<String, Integer> seen = new TreeMap<>();
    int invalid = 0;
    for (NodeContribution c : summary.contributions()) {
      String r = c.instance() == null ? null : c.instance().region();
      if (r == null) {
        continue;
      }
      if (valid(REGION, r) == null) {
        invalid++;
      } else {
        seen.merge(r, 1, Integer::sum);
      }
    }
    if (invalid > 0) {
      problem(
          "region: "
              + invalid
              + " agent report(s) carry a region that is not an AWS region name; not used");
    }
    if (seen.size() > 1) {
      problem(
          "region: agent reports disagree "
              + seen
              + "; not used; set --region/AWS_REGION (else IMDS is asked)");
      return null;
    }
    return seen.isEmpty() ? null : seen.keySet().iterator().next();
  }

  private static String valid(Pattern format, String value) {
    return value != null && format.matcher(value).matches() ? value : null;
  }

  /** CloudWatch: a dimension value is 1 to 1024 characters; control characters never belong. */
  private static boolean dimensionValue(String v) {
    return v != null
        && !v.isBlank()
        && v.length() <= 1024
        && v.chars().noneMatch(Character::isISOControl);
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
