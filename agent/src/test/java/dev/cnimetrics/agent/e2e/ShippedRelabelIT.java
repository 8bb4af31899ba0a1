package dev.cnimetrics.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cnimetrics.agent.e2e.ShippedPrometheusConfig.Install;
import dev.cnimetrics.agent.e2e.ShippedPrometheusConfig.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped relabel configs and recording rules on a real Prometheus, without a node: recorded
 * series in cAdvisor's exposition (its label set {@code container, id, image, interface, name,
 * namespace, pod}, where {@link CadvisorStandIn} says which cAdvisor source defines it; host
 * interfaces with empty pod labels, as cAdvisor reports them under CRI-O, Cilium or the AWS VPC
 * CNI) and the agent's {@code pod_interface_shim} series, scraped through each install path's
 * configuration ({@link ShippedPrometheusConfig}): kube-prometheus-stack's for node-a, the plain
 * scrape config's for node-b. Needs {@code /usr/bin/prometheus} and {@code /usr/bin/promtool}
 * (scripts/install-test-deps.sh), not root. {@link DashboardParityIT} does the same over real pods
 * and their kernel counters.
 */
class ShippedRelabelIT {

  private static final String CADVISOR_NODE_A =
      """
      # TYPE container_network_receive_bytes_total counter
      container_network_receive_bytes_total{container="",id="/",image="",interface="eth0",name="",namespace="",pod=""} 900000
      container_network_receive_bytes_total{container="",id="/",image="",interface="eni1aaa",name="",namespace="",pod=""} 1000
      container_network_receive_bytes_total{container="",id="/",image="",interface="eni2bbb",name="",namespace="",pod=""} 2000
      container_network_receive_bytes_total{container="",id="/",image="",interface="eni3ccc",name="",namespace="",pod=""} 3000
      container_network_receive_bytes_total{container="",id="/",image="",interface="eni9nat",name="",namespace="",pod=""} 9000
      container_network_receive_bytes_total{container="",id="/kubepods/besteffort/pod42",image="",interface="eth0",name="",namespace="web",pod="native"} 4200
      # TYPE container_network_transmit_bytes_total counter
      container_network_transmit_bytes_total{container="",id="/",image="",interface="eth0",name="",namespace="",pod=""} 800000
      container_network_transmit_bytes_total{container="",id="/",image="",interface="eni1aaa",name="",namespace="",pod=""} 111
      container_network_transmit_bytes_total{container="",id="/",image="",interface="eni2bbb",name="",namespace="",pod=""} 222
      container_network_transmit_bytes_total{container="",id="/",image="",interface="eni3ccc",name="",namespace="",pod=""} 333
      container_network_transmit_bytes_total{container="",id="/",image="",interface="eni9nat",name="",namespace="",pod=""} 999
      container_network_transmit_bytes_total{container="",id="/kubepods/besteffort/pod42",image="",interface="eth0",name="",namespace="web",pod="native"} 4300
      # TYPE container_network_receive_packets_dropped_total counter
      container_network_receive_packets_dropped_total{container="",id="/",image="",interface="eni1aaa",name="",namespace="",pod=""} 7
      # TYPE container_memory_working_set_bytes gauge
      container_memory_working_set_bytes{container="",id="/system.slice/containerd.service",image="",name="",namespace="",pod=""} 5e+07
      container_memory_working_set_bytes{container="",id="/kubepods/besteffort/pod42",image="",name="",namespace="web",pod="native"} 2e+07
      """;

  private static final String CADVISOR_NODE_B =
      """
      # TYPE container_network_receive_bytes_total counter
      container_network_receive_bytes_total{container="",id="/",image="",interface="eth0",name="",namespace="",pod=""} 700000
      container_network_receive_bytes_total{container="",id="/",image="",interface="lxc1ddd",name="",namespace="",pod=""} 5000
      container_network_receive_bytes_total{container="",id="/",image="",interface="cni0",name="",namespace="",pod=""} 6000
      # TYPE container_network_transmit_bytes_total counter
      container_network_transmit_bytes_total{container="",id="/",image="",interface="lxc1ddd",name="",namespace="",pod=""} 555
      """;

  /** Both nodes' agents' series; each server scrapes all of them, as one Prometheus would. */
  private static final String SHIM =
      """
      # TYPE pod_interface_shim gauge
      pod_interface_shim{node="node-a",namespace="default",pod="web",uid="u1",interface="eni1aaa",pod_interface="eth0"} 1
      pod_interface_shim{node="node-a",namespace="data",pod="multi",uid="u2",interface="eni2bbb",pod_interface="eth0"} 1
      pod_interface_shim{node="node-a",namespace="data",pod="multi",uid="u2",interface="eni3ccc",pod_interface="net1"} 1
      pod_interface_shim{node="node-a",namespace="web",pod="native",uid="u4",interface="eni9nat",pod_interface="eth0"} 1
      pod_interface_shim{node="node-b",namespace="default",pod="api",uid="u3",interface="lxc1ddd",pod_interface="eth0"} 1
      """;

  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static PrometheusServer kubePrometheusStack;
  private static PrometheusServer plain;

  @TempDir static Path work;

  @BeforeAll
  static void start() throws Exception {
    ExpositionServer agent = open(new ExpositionServer("/metrics", "agent", () -> SHIM));
    kubePrometheusStack =
        open(server(Install.KUBE_PROMETHEUS_STACK, "node-a", CADVISOR_NODE_A, agent));
    plain = open(server(Install.PLAIN, "node-b", CADVISOR_NODE_B, agent));
    awaitJoined(kubePrometheusStack, 3);
    awaitJoined(plain, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = OPEN.size() - 1; i >= 0; i--) {
      OPEN.get(i).close();
    }
  }

  private static <T extends AutoCloseable> T open(T resource) {
    OPEN.add(resource);
    return resource;
  }

  private static PrometheusServer server(
      Install install, String node, String cadvisor, ExpositionServer agent) throws Exception {
    ExpositionServer kubelet =
        open(new ExpositionServer("/metrics/cadvisor", "cadvisor " + node, () -> cadvisor));
    Path dir = Files.createDirectories(work.resolve(install.name()));
    return PrometheusServer.start(
        dir,
        ShippedPrometheusConfig.build(
            install,
            node,
            Optional.empty(),
            new Targets(kubelet.target(), Optional.of(agent.target()), Optional.empty())));
  }

  /** Until the recording rules have produced {@code count} joined pod series. */
  private static void awaitJoined(PrometheusServer server, int count) throws Exception {
    String joined = "container_network_transmit_bytes_total{host_interface!=\"\"}";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (server.query(joined).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no " + count + " joined series within 90 s: " + server.query(joined) + server.log());
      }
      Thread.sleep(500);
    }
  }

  /** Each series' value keyed by the values of {@code labels} (missing labels read as ""). */
  private static Map<List<String>, Double> keyed(
      PrometheusServer server, String promql, String... labels) throws Exception {
    Map<List<String>, Double> out = new HashMap<>();
    for (JsonNode series : server.query(promql)) {
      List<String> key = new ArrayList<>();
      for (String label : labels) {
        key.add(series.path("metric").path(label).asText(""));
      }
      out.put(key, Double.parseDouble(series.path("value").get(1).asText()));
    }
    return out;
  }

  @Test
  void hostVethSeriesAreRenamedOnBothInstallPaths() throws Exception {
    String renamed = "network:container_network_receive_bytes_total";
    assertEquals(
        Map.of(
            List.of("node-a", "eni1aaa"), 1000.0,
            List.of("node-a", "eni2bbb"), 2000.0,
            List.of("node-a", "eni3ccc"), 3000.0,
            List.of("node-a", "eni9nat"), 9000.0),
        keyed(kubePrometheusStack, renamed, "node", "interface"));
    assertEquals(
        Map.of(List.of("node-b", "lxc1ddd"), 5000.0), keyed(plain, renamed, "node", "interface"));
    assertEquals(
        Map.of(List.of("node-a", "eni1aaa"), 7.0),
        keyed(
            kubePrometheusStack,
            "network:container_network_receive_packets_dropped_total",
            "node",
            "interface"));
  }

  @Test
  void nodeInterfacesKeepTheirNameWhereTheInstallKeptThemBefore() throws Exception {
    assertEquals(
        Map.of(List.of("node-b", "eth0", "/"), 700000.0, List.of("node-b", "cni0", "/"), 6000.0),
        keyed(plain, "container_network_receive_bytes_total{pod=\"\"}", "node", "interface", "id"));
    // kube-prometheus-stack's own rule drops pod-less cgroup series, node-a's eth0 among them.
    assertEquals(
        0,
        kubePrometheusStack
            .query("{__name__=~\".*container_network_.*\", interface=\"eth0\", pod=\"\"}")
            .size());
  }

  @Test
  void joinedSeriesCarryThePodWithThePodsDirection() throws Exception {
    String[] labels = {"node", "namespace", "pod", "interface", "host_interface"};
    String tx = "container_network_transmit_bytes_total{host_interface!=\"\"}";
    String rx = "container_network_receive_bytes_total{host_interface!=\"\"}";
    // The host side's receive is the pod's transmit.
    assertEquals(
        Map.of(
            List.of("node-a", "default", "web", "eth0", "eni1aaa"), 1000.0,
            List.of("node-a", "data", "multi", "eth0", "eni2bbb"), 2000.0,
            List.of("node-a", "data", "multi", "net1", "eni3ccc"), 3000.0),
        keyed(kubePrometheusStack, tx, labels));
    assertEquals(
        Map.of(List.of("node-b", "default", "api", "eth0", "lxc1ddd"), 5000.0),
        keyed(plain, tx, labels));
    assertEquals(
        Map.of(
            List.of("web", "eth0"),
            111.0,
            List.of("multi", "eth0"),
            222.0,
            List.of("multi", "net1"),
            333.0),
        keyed(kubePrometheusStack, rx, "pod", "interface"));
    assertEquals(Map.of(List.of("api", "eth0"), 555.0), keyed(plain, rx, "pod", "interface"));
  }

  @Test
  void aPodCadvisorAlreadyLabelsIsNotDuplicated() throws Exception {
    JsonNode got =
        kubePrometheusStack.query(
            "container_network_transmit_bytes_total{namespace=\"web\", pod=\"native\"}");
    assertEquals(1, got.size(), got.toString());
    JsonNode metric = got.get(0).path("metric");
    assertEquals("/kubepods/besteffort/pod42", metric.path("id").asText());
    assertTrue(metric.path("host_interface").isMissingNode(), got.toString());
    assertEquals("4300", got.get(0).path("value").get(1).asText());
  }

  @Test
  void kubePrometheusStacksDropOfPodlessCgroupSeriesStillWorks() throws Exception {
    assertEquals(
        Map.of(List.of("/kubepods/besteffort/pod42"), 2e7),
        keyed(kubePrometheusStack, "container_memory_working_set_bytes", "id"));
  }

  /**
   * promtool accepts the plain scrape config as shipped, every relabel rule and the rule file
   * included. Debian's Prometheus is built without Kubernetes service discovery, so each discovery
   * block becomes a static target and the in-cluster token and CA paths point at local files.
   */
  @Test
  void promtoolAcceptsThePlainScrapeConfig() throws Exception {
    JsonNode shipped =
        new YAMLMapper()
            .readTree(ShippedPrometheusConfig.PROMETHEUS.resolve("scrape-config.yml").toFile());
    Path token = Files.writeString(work.resolve("token"), "t");
    Path ca = Files.writeString(work.resolve("ca.crt"), "");
    ObjectNode config = new ObjectMapper().createObjectNode();
    config
        .putArray("rule_files")
        .add(ShippedPrometheusConfig.PROMETHEUS.resolve("cni-metrics.rules.yml").toString());
    for (JsonNode job : shipped.path("scrape_configs")) {
      ObjectNode copy = job.deepCopy();
      assertTrue(
          copy.remove("kubernetes_sd_configs") != null, job.path("job_name") + " is discovered");
      copy.putArray("static_configs").addObject().putArray("targets").add("127.0.0.1:9");
      if (copy.has("authorization")) {
        ((ObjectNode) copy.get("authorization")).put("credentials_file", token.toString());
        ((ObjectNode) copy.get("tls_config")).put("ca_file", ca.toString());
      }
      config.withArray("scrape_configs").add(copy);
    }
    Path file = Files.writeString(work.resolve("snippet.yml"), config.toString());
    Process p =
        new ProcessBuilder("/usr/bin/promtool", "check", "config", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }
}
