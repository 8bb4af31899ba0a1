package dev.cnimetrics.aggregator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.NodeContribution;
import dev.cnimetrics.report.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterIdentityTest {
  private final List<String> asked = new ArrayList<>();

  private static CycleSummary cycle(Instance... instances) {
    List<NodeContribution> c = new ArrayList<>();
    for (Instance i : instances) {
      c.add(new NodeContribution("n", i, Map.of(), null, null));
    }
    return new CycleSummary(Instant.EPOCH, new Coverage(c.size(), c.size(), 0, 0), c);
  }

  private InstanceTags tags(Map<String, String> tags) {
    return (region, id) -> {
      asked.add(region + "/" + id);
      return tags;
    };
  }

  @Test
  void theFlagWinsAndEc2IsNeverAsked() {
    ClusterIdentity id =
        new ClusterIdentity("prod", "eu-west-1", tags(Map.of("Name", "x")), Optional::empty);
    id.observe(cycle(new Instance("i-1", "m5.large", "us-east-1", "us-east-1a")));
    assertEquals(Optional.of("prod"), id.clusterId());
    assertEquals(Optional.of("eu-west-1"), id.region());
    assertEquals(List.of(), asked);
  }

  @Test
  void tagsInUpstreamOrderWithTheRegionFromAReport() {
    ClusterIdentity id =
        new ClusterIdentity(
            null,
            null,
            tags(
                Map.of(
                    "Name", "node-name", "CLUSTER_ID", "legacy", "eks:cluster-name", "eks-prod")),
            Optional::empty);
    id.observe(
        cycle(
            new Instance(null, null, null, null),
            new Instance("i-2", "m5.large", "us-west-2", "us-west-2b")));
    assertEquals(Optional.of("eks-prod"), id.clusterId());
    assertEquals(Optional.of("us-west-2"), id.region());
    assertEquals(List.of("us-west-2/i-2"), asked);

    ClusterIdentity byName =
        new ClusterIdentity(null, null, tags(Map.of("Name", "node-name")), Optional::empty);
    byName.observe(cycle(new Instance("i-3", null, "us-west-2", null)));
    assertEquals(Optional.of("node-name"), byName.clusterId());
  }

  @Test
  void fallbacks() {
    ClusterIdentity noTags =
        new ClusterIdentity(null, "us-east-1", tags(Map.of()), Optional::empty);
    noTags.observe(cycle(new Instance("i-4", null, null, null)));
    assertEquals(Optional.of("k8s-cluster"), noTags.clusterId());

    ClusterIdentity noInstance =
        new ClusterIdentity(null, null, tags(Map.of()), () -> Optional.of("ap-south-1"));
    noInstance.observe(cycle(new Instance(null, null, null, null)));
    assertEquals(Optional.of("k8s-cluster"), noInstance.clusterId());
    assertEquals(Optional.of("ap-south-1"), noInstance.region(), "IMDS as the last resort");
  }

  @Test
  void anEc2FailureKeepsTheIdUnknownAndIsRetriedNextCycle() {
    int[] calls = {0};
    ClusterIdentity id =
        new ClusterIdentity(
            null,
            "us-east-1",
            (region, instance) -> {
              if (calls[0]++ == 0) {
                throw new IllegalStateException("AccessDenied");
              }
              return Map.of("eks:cluster-name", "late");
            },
            Optional::empty);
    id.observe(cycle(new Instance("i-5", null, null, null)));
    assertEquals(Optional.empty(), id.clusterId());
    id.observe(cycle(new Instance("i-5", null, null, null)));
    assertEquals(Optional.of("late"), id.clusterId());
  }

  @Test
  void nothingIsDecidedBeforeAnyNodeReports() {
    ClusterIdentity id = new ClusterIdentity(null, "us-east-1", tags(Map.of()), Optional::empty);
    id.observe(cycle());
    assertEquals(Optional.empty(), id.clusterId());
  }

  @Test
  void aRegionFromReportsMustLookLikeOneAndAgree() {
    ClusterIdentity bad =
        new ClusterIdentity("prod", null, tags(Map.of()), () -> Optional.of("eu-west-1"));
    bad.observe(cycle(new Instance("i-1", "m5.large", "evil.test/#", "x")));
    assertEquals(Optional.of("eu-west-1"), bad.region(), "invalid: IMDS asked instead");

    ClusterIdentity disagree =
        new ClusterIdentity("prod", null, tags(Map.of()), () -> Optional.of("eu-west-1"));
    disagree.observe(
        cycle(
            new Instance("i-1", "m5.large", "us-east-1", "us-east-1a"),
            new Instance("i-2", "m5.large", "ap-south-1", "ap-south-1a")));
    assertEquals(Optional.of("eu-west-1"), disagree.region(), "disagreeing reports not used");

    ClusterIdentity gov = new ClusterIdentity("prod", null, tags(Map.of()), Optional::empty);
    gov.observe(cycle(new Instance("i-1", "m5.large", "us-gov-west-1", "us-gov-west-1a")));
    assertEquals(Optional.of("us-gov-west-1"), gov.region());
  }

  @Test
  void anInstanceIdThatIsNotOneIsNeverSentToEc2AndABadTagValueIsSkipped() {
    ClusterIdentity id =
        new ClusterIdentity(
            null,
            "us-east-1",
            tags(Map.of("eks:cluster-name", "bad\nvalue", "CLUSTER_ID", "good")),
            Optional::empty);
    id.observe(
        cycle(
            new Instance("i-../../x", "m5.large", "us-east-1", "us-east-1a"),
            new Instance("i-0abc", "m5.large", "us-east-1", "us-east-1a")));
    assertEquals(List.of("us-east-1/i-0abc"), asked);
    assertEquals(Optional.of("good"), id.clusterId());
  }
}
