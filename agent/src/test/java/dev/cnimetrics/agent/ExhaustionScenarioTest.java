package dev.cnimetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.agent.imds.ImdsClient;
import dev.cnimetrics.agent.imds.NetworkInterface;
import dev.cnimetrics.agent.ipamd.CatalogueExtractor;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.ReportParser;
import dev.cnimetrics.report.ReportWriter;
import dev.cnimetrics.testkit.http.FakeHttpServer;
import dev.cnimetrics.testkit.http.FakeImds;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The 3-node exhaustion scenario (resources {@code scenario/exhaustion/README.md}): each node's
 * ipamd stand-in answer and its IMDS stand-in (read through the real {@link ImdsClient}) in, the
 * exact report JSON out. The aggregator's scenario test serves these very files as its agents.
 */
class ExhaustionScenarioTest {
  private static final String DIR = "scenario/exhaustion/";

  private record Node(
      String name, String host, String instanceId, String zone, List<String[]> enis) {}

  /** ENI id, subnet id, number of IPv4 addresses (primary included). */
  private static final List<Node> NODES =
      List.of(
          new Node(
              "node-1",
              "ip-10-0-1-10.ec2.internal",
              "i-0a1b2c3d4e5f6a001",
              "us-east-1a",
              List.<String[]>of(
                  new String[] {"eni-0a1b2c3d4e5f6a001", "subnet-0a1b2c3d4e5f60001", "11"})),
          new Node(
              "node-2",
              "ip-10-0-2-20.ec2.internal",
              "i-0a1b2c3d4e5f6b002",
              "us-east-1b",
              List.<String[]>of(
                  new String[] {"eni-0a1b2c3d4e5f6b001", "subnet-0a1b2c3d4e5f60002", "11"},
                  new String[] {"eni-0a1b2c3d4e5f6b002", "subnet-0a1b2c3d4e5f60002", "11"})),
          new Node(
              "node-3",
              "ip-10-0-1-30.ec2.internal",
              "i-0a1b2c3d4e5f6c003",
              "us-east-1a",
              List.<String[]>of(
                  new String[] {"eni-0a1b2c3d4e5f6c001", "subnet-0a1b2c3d4e5f60001", "11"},
                  new String[] {"eni-0a1b2c3d4e5f6c002", "subnet-0a1b2c3d4e5f60002", "6"})));

  private static Map<String, String> imds(Node n) {
    Map<String, String> values = new HashMap<>();
    values.put("/latest/meta-data/instance-id", n.instanceId());
    values.put("/latest/meta-data/instance-type", "m5.large");
    values.put("/latest/meta-data/placement/region", "us-east-1");
    values.put("/latest/meta-data/placement/availability-zone", n.zone());
    String base = "/latest/meta-data/network/interfaces/macs/";
    StringBuilder macs = new StringBuilder();
    for (int i = 0; i < n.enis().size(); i++) {
      String[] eni = n.enis().get(i);
      String mac = String.format("0e:%s:00:00:00:%02x", n.name().substring(5) + "0", i + 1);
      macs.append(mac).append("/\n");
      values.put(base + mac + "/interface-id", eni[0]);
      values.put(base + mac + "/subnet-id", eni[1]);
      int third = Integer.parseInt(n.name().substring(5));
      int first = 10 * (i + 1);
      values.put(
          base + mac + "/local-ipv4s",
          IntStream.range(0, Integer.parseInt(eni[2]))
              .mapToObj(k -> "10.0." + third + "." + (first + k))
              .collect(Collectors.joining("\n")));
    }
    values.put(base, macs.toString().trim());
    return values;
  }

  private static String report(Node n, String at, String prom) throws Exception {
    List<NetworkInterface> enis;
    Instance instance;
    try (FakeHttpServer server = new FakeHttpServer(FakeImds.responder(imds(n)))) {
      ImdsClient client = new ImdsClient(server.uri(""));
      instance = client.read();
      enis = client.networkInterfaces();
    }
    IpamdSnapshot ipamd =
        new IpamdSnapshot(
            Instant.parse(at),
            IpamdSnapshot.State.UP,
            Optional.empty(),
            CatalogueExtractor.extract(PrometheusTextParser.parse(Fixtures.text(prom))),
            OptionalDouble.of(0.003),
            0);
    String json =
        ReportWriter.write(ReportView.report(n.host(), ipamd, Optional.of(instance), enis));
    assertEquals(
        0,
        ReportParser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).ignoredKeys(),
        "the aggregator's parser takes every name");
    return json;
  }

  @Test
  void everyNodesReportIsExact() throws Exception {
    for (Node n : NODES) {
      for (String[] t :
          List.of(
              new String[] {"t1", "2026-11-21T10:00:05.000Z"},
              new String[] {"t2", "2026-11-21T10:00:35.000Z"})) {
        String file = DIR + n.name() + "-" + t[0];
        assertEquals(Fixtures.text(file + ".report.json"), report(n, t[1], file + ".prom"), file);
      }
    }
  }
}
