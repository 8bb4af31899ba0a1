package dev.cnimetrics.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Datum;
import dev.cnimetrics.aggregator.testing.FakeEc2;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The 3-node exhaustion scenario end to end: the three agents answer with the exact reports the
 * agent produced from the ipamd and IMDS stand-ins ({@code agent/src/test/resources/
 * scenario/exhaustion}: node-2 has no free IP and 6 failed assignments in the cycle, subnet ...0002
 * has 5 free IPs), the real program aggregates two cycles and publishes to the CloudWatch and EC2
 * test doubles (both check SigV4 on the SDK's real wire protocols) and as EMF. Every datum of the
 * second cycle is asserted exactly.
 */
class ExhaustionScenarioTest {
  private static final Path SCENARIO = Path.of("../agent/src/test/resources/scenario/exhaustion");

  private static String report(int node, int scrape) {
    try {
      return Files.readString(
          SCENARIO.resolve("node-" + (node + 1) + "-t" + Math.min(2, scrape + 1) + ".report.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Datum d(String name, double value, Instant at, String... dims) {
    Map<String, String> dimensions = new java.util.TreeMap<>();
    dimensions.put("CLUSTER_ID", "prod");
    for (int i = 0; i < dims.length; i += 2) {
      dimensions.put(dims[i], dims[i + 1]);
    }
    return new Datum(name, dimensions, at, value, "Count");
  }

  @Test
  void oneExhaustedNodeAndOneLowSubnet() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (FakeCloudWatch cloudWatch = new FakeCloudWatch();
        FakeEc2 ec2 =
            new FakeEc2()
                .subnet("subnet-0a1b2c3d4e5f60001", 3962)
                .subnet("subnet-0a1b2c3d4e5f60002", 5)
                .subnet("subnet-0ffffffffffffff99", 100);
        FakeAgentFleet fleet =
            new FakeAgentFleet(3, i -> Kind.OK, ExhaustionScenarioTest::report, Duration.ZERO)) {
      String agents =
          fleet.addresses().stream()
              .map(a -> "127.0.0.1:" + a.getPort())
              .collect(Collectors.joining(","));
      System.setProperty("aws.accessKeyId", FakeCloudWatch.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", FakeCloudWatch.SECRET_KEY);
      try {
        code =
            AggregatorMain.run(
                new String[] {
                  "--agents", agents,
                  "--interval", "1s",
                  "--cycles", "2",
                  "--sinks", "cloudwatch,emf",
                  "--listen", "127.0.0.1:0",
                  "--cluster-id", "prod",
                  "--region", FakeCloudWatch.REGION,
                  "--cloudwatch-endpoint", cloudWatch.endpoint().toString(),
                  "--ec2-endpoint", ec2.endpoint().toString(),
                  "--per-node-gauges", "2",
                  "--imds=false"
                },
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
      } finally {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
      assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
      assertEquals(List.of(), cloudWatch.rejections());
      assertEquals(List.of(), ec2.rejections());
      assertEquals(2, cloudWatch.requests(), "one PutMetricData per cycle");
      assertEquals(1, ec2.requests(), "one DescribeSubnets for both subnets, once in 5 minutes");
      assertEquals(
          List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
          ec2.calls().get(0).subnetIds());

      Instant second = cloudWatch.accepted().get(1).datums().get(0).timestamp();
      List<Datum> got = new ArrayList<>(cloudWatch.accepted().get(1).datums());
      Comparator<Datum> order =
          Comparator.comparing((Datum x) -> x.dimensions().toString()).thenComparing(Datum::name);
      got.sort(order);
      List<Datum> want =
          new ArrayList<>(
              List.of(
                  d("addReqCount", 14, second),
                  d("assignIPAddresses", 36, second),
                  d("availableIPAddresses", 9, second),
                  d("awsAPIErr", 0, second),
                  d("awsUtilErr", 0, second),
                  d("delReqCount", 0, second),
                  d("ec2ApiErrCount", 0, second),
                  d("ec2ApiReqCount", 0, second),
                  d("eniAllocated", 5, second),
                  d("eniMaxAvailable", 9, second),
                  d("forceRemoveENI", 0, second),
                  d("forceRemoveIPs", 0, second),
                  d("ipamdErr", 0, second),
                  d("maxIPAddresses", 87, second),
                  d("minNodeAvailableIPAddresses", 0, second),
                  d("noAvailableIPAddresses", 6, second),
                  d("nodesWithoutAvailableIPAddresses", 1, second),
                  d("podENIErr", 0, second),
                  d("reconcileCount", 0, second),
                  d("totalIPAddresses", 45, second),
                  d("totalIPv4Prefixes", 0, second),
                  d("nodesExpected", 3, second),
                  d("nodesReporting", 3, second),
                  d("nodesStale", 0, second),
                  d("nodesFailed", 0, second),
                  d(
                      "subnetAvailableIPAddresses",
                      3962,
                      second,
                      "SubnetId",
                      "subnet-0a1b2c3d4e5f60001"),
                  d(
                      "subnetAvailableIPAddresses",
                      5,
                      second,
                      "SubnetId",
                      "subnet-0a1b2c3d4e5f60002")));
      String[][] nodes = {
        {"ip-10-0-2-20.ec2.internal", "20", "0", "2", "20"},
        {"ip-10-0-1-30.ec2.internal", "12", "3", "2", "15"}
      };
      for (String[] n : nodes) {
        String[] dims = {"InstanceType", "m5.large", "NodeName", n[0]};
        want.add(d("assignIPAddresses", Double.parseDouble(n[1]), second, dims));
        want.add(d("availableIPAddresses", Double.parseDouble(n[2]), second, dims));
        want.add(d("eniAllocated", Double.parseDouble(n[3]), second, dims));
        want.add(d("eniMaxAvailable", 3, second, dims));
        want.add(d("maxIPAddresses", 29, second, dims));
        want.add(d("totalIPAddresses", Double.parseDouble(n[4]), second, dims));
        want.add(d("totalIPv4Prefixes", 0, second, dims));
      }
      want.sort(order);
      assertEquals(want, got);

      String[] emf = out.toString(StandardCharsets.UTF_8).split("\n");
      String ts = Long.toString(second.toEpochMilli());
      List<String> secondCycle =
          java.util.Arrays.stream(emf).filter(l -> l.contains("\"Timestamp\":" + ts)).toList();
      assertEquals(
          List.of(
              "{\"_aws\":{\"Timestamp\":"
                  + ts
                  + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Kubernetes\",\"Dimensions\":[[\"CLUSTER_ID\"]],\"Metrics\":["
                  + metrics(
                      "addReqCount",
                      "assignIPAddresses",
                      "availableIPAddresses",
                      "awsAPIErr",
                      "awsUtilErr",
                      "delReqCount",
                      "ec2ApiErrCount",
                      "ec2ApiReqCount",
                      "eniAllocated",
                      "eniMaxAvailable",
                      "forceRemoveENI",
                      "forceRemoveIPs",
                      "ipamdErr",
                      "maxIPAddresses",
                      "minNodeAvailableIPAddresses",
                      "noAvailableIPAddresses",
                      "nodesWithoutAvailableIPAddresses",
                      "podENIErr",
                      "reconcileCount",
                      "totalIPAddresses",
                      "totalIPv4Prefixes",
                      "nodesExpected",
                      "nodesReporting",
                      "nodesStale",
                      "nodesFailed")
                  + "]}]},\"CLUSTER_ID\":\"prod\",\"addReqCount\":14.0,\"assignIPAddresses\":36.0,"
                  + "\"availableIPAddresses\":9.0,\"awsAPIErr\":0.0,\"awsUtilErr\":0.0,\"delReqCount\":0.0,"
                  + "\"ec2ApiErrCount\":0.0,\"ec2ApiReqCount\":0.0,\"eniAllocated\":5.0,\"eniMaxAvailable\":9.0,"
                  + "\"forceRemoveENI\":0.0,\"forceRemoveIPs\":0.0,\"ipamdErr\":0.0,\"maxIPAddresses\":87.0,"
                  + "\"minNodeAvailableIPAddresses\":0.0,\"noAvailableIPAddresses\":6.0,"
                  + "\"nodesWithoutAvailableIPAddresses\":1.0,\"podENIErr\":0.0,\"reconcileCount\":0.0,"
                  + "\"totalIPAddresses\":45.0,\"totalIPv4Prefixes\":0.0,\"nodesExpected\":3.0,"
                  + "\"nodesReporting\":3.0,\"nodesStale\":0.0,\"nodesFailed\":0.0}",
              subnetLine(ts, "subnet-0a1b2c3d4e5f60001", "3962.0"),
              subnetLine(ts, "subnet-0a1b2c3d4e5f60002", "5.0"),
              nodeLine(ts, "ip-10-0-2-20.ec2.internal", "20.0", "0.0", "2.0", "20.0"),
              nodeLine(ts, "ip-10-0-1-30.ec2.internal", "12.0", "3.0", "2.0", "15.0")),
          secondCycle);
    }
  }

  private static String metrics(String... names) {
    return java.util.Arrays.stream(names)
        .map(n -> "{\"Name\":\"" + n + "\",\"Unit\":\"Count\"}")
        .collect(Collectors.joining(","));
  }

  private static String subnetLine(String ts, String subnet, String value) {
    return "{\"_aws\":{\"Timestamp\":"
        + ts
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Kubernetes\",\"Dimensions\":[[\"CLUSTER_ID\",\"SubnetId\"]],"
        + "\"Metrics\":[{\"Name\":\"subnetAvailableIPAddresses\",\"Unit\":\"Count\"}]}]},"
        + "\"CLUSTER_ID\":\"prod\",\"SubnetId\":\""
        + subnet
        + "\",\"subnetAvailableIPAddresses\":"
        + value
        + "}";
  }

  private static String nodeLine(
      String ts, String node, String assigned, String free, String enis, String total) {
    return "{\"_aws\":{\"Timestamp\":"
        + ts
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Kubernetes\",\"Dimensions\":[[\"CLUSTER_ID\",\"NodeName\",\"InstanceType\"]],"
        + "\"Metrics\":["
        + metrics(
            "assignIPAddresses",
            "availableIPAddresses",
            "eniAllocated",
            "eniMaxAvailable",
            "maxIPAddresses",
            "totalIPAddresses",
            "totalIPv4Prefixes")
        + "]}]},\"CLUSTER_ID\":\"prod\",\"NodeName\":\""
        + node
        + "\",\"InstanceType\":\"m5.large\",\"assignIPAddresses\":"
        + assigned
        + ",\"availableIPAddresses\":"
        + free
        + ",\"eniAllocated\":"
        + enis
        + ",\"eniMaxAvailable\":3.0,\"maxIPAddresses\":29.0,\"totalIPAddresses\":"
        + total
        + ",\"totalIPv4Prefixes\":0.0}";
  }
}
