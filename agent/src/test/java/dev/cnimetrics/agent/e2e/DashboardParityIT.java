package dev.cnimetrics.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cnimetrics.agent.e2e.CadvisorStandIn.Shape;
import dev.cnimetrics.agent.e2e.KubeStateMetricsStandIn.Workload;
import dev.cnimetrics.agent.e2e.ShippedPrometheusConfig.Install;
import dev.cnimetrics.agent.e2e.ShippedPrometheusConfig.Targets;
import dev.cnimetrics.agent.e2e.TestPods.HostVethNaming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards people already run show each pod's traffic as they would if cAdvisor itself knew
 * the pod. Real pods on the containerd test node with the host veth names real CNIs give them, real
 * steady UDP traffic between them, the real agent; for each install path × runtime shape a real
 * Prometheus runs the shipped relabelings and rules over a cAdvisor stand-in in that shape, and a
 * ground-truth Prometheus is fed only the pod-labelled series cAdvisor serves when it knows the
 * pod. Every panel query and template-variable query of the kubernetes-mixin and
 * kube-prometheus-stack network dashboards ({@link DashboardQueries}, versions and commits in its
 * resource) must give both servers the same label sets and, for rates over steady traffic, values
 * within {@value #TOLERANCE_PERCENT} %; the frozen byte and packet counters afterwards must be
 * equal exactly.
 */
class DashboardParityIT {

  static final String NODE = "cnmdash-node";
  // Unique per run: AWS VPC CNI and Calico names derive from namespace/pod, and two runs on one
  // machine (two checkouts) must not ask for the same host veth name.
  static final String NAMESPACE = "cnmdash-" + TestPods.runSuffix();
  static final String CLUSTER = "prod-eu";
  static final int TRAFFIC_SECONDS = 40;
  static final String RATE_INTERVAL = "30s";
  static final String SUBQUERY_RESOLUTION = "15s";
  static final int TOLERANCE_PERCENT = 8;

  /**
   * The counters a veth pair keeps symmetric: the kernel reports a veth's receive bytes and packets
   * as its peer's transmit ones (drivers/net/veth.c, veth_get_stats64). Drops and errors are each
   * end's own: a packet the pod's end fails to hand over counts in the pod's tx_dropped and nowhere
   * on the host (renaming the host end here, which takes it down for a moment, makes one), so those
   * four families are compared only as the dashboards' rates.
   */
  private static final List<String> SYMMETRIC_FAMILIES =
      List.of("receive_bytes", "receive_packets", "transmit_bytes", "transmit_packets");

  record Variant(String name, Install install, Shape shape, Optional<String> cluster) {}

  static final List<Variant> VARIANTS =
      List.of(
          new Variant(
              "kube-prometheus-stack × containerd",
              Install.KUBE_PROMETHEUS_STACK,
              Shape.CONTAINERD,
              Optional.empty()),
          new Variant(
              "kube-prometheus-stack × CRI-O, cluster label",
              Install.KUBE_PROMETHEUS_STACK,
              Shape.CRIO,
              Optional.of(CLUSTER)),
          new Variant("plain scrape config × CRI-O", Install.PLAIN, Shape.CRIO, Optional.empty()));

  /** One sender: from, to, datagrams per second, payload bytes. */
  private record Stream(TestPods.Pod from, TestPods.Pod to, int perSecond, int size) {}

  @TempDir static Path dir;
  private static TestPods pods;
  private static TestPods.Pod webA;
  private static TestPods.Pod webB;
  private static TestPods.Pod db;
  private static Map<String, Workload> workloads;

  @BeforeAll
  static void createPods() throws Exception {
    TestPods.requireRootAnd(
        List.of("/usr/sbin/ip", "/usr/bin/nsenter", PrometheusServer.BINARY.toString()));
    pods = new TestPods(NAMESPACE);
    webA = pods.add("cnmdash-web-a", HostVethNaming.AWS_VPC_CNI);
    webB = pods.add("cnmdash-web-b", HostVethNaming.CALICO);
    db = pods.add("cnmdash-db-0", HostVethNaming.CILIUM);
    pods.add("cnmdash-hostnet", true);
    Workload web = new Workload("cnmdash-web", "deployment");
    workloads =
        Map.of(
            webA.name(), web,
            webB.name(), web,
            db.name(), new Workload("cnmdash-db", "statefulset"));
  }

  @AfterAll
  static void removePods() throws Exception {
    if (pods != null) {
      pods.close();
    }
  }

  @Test
  void theDashboardsShowEachPodsTrafficAsCadvisorWouldIfItKnewThePod() throws Exception {
    List<DashboardQueries.Query> queries = DashboardQueries.load();
    List<PrometheusServer> servers = new ArrayList<>();
    try (AgentProcess agent =
            AgentProcess.start(
                dir.resolve("agent.log"),
                pods.agentEnv(),
                "--node-name=" + NODE,
                "--imds=false",
                "--ipamd-url=none",
                "--refresh-interval=1s");
        CadvisorStandIn containerd = new CadvisorStandIn(Shape.CONTAINERD, pods::live);
        CadvisorStandIn crio = new CadvisorStandIn(Shape.CRIO, pods::live);
        CadvisorStandIn truth = new CadvisorStandIn(Shape.POD_LEVEL_ONLY, pods::live);
        KubeStateMetricsStandIn ksm = new KubeStateMetricsStandIn(NODE, pods::live, workloads)) {
      List<PrometheusServer[]> pairs = new ArrayList<>();
      for (int i = 0; i < VARIANTS.size(); i++) {
        Variant v = VARIANTS.get(i);
        String cadvisor = (v.shape() == Shape.CONTAINERD ? containerd : crio).target();
        PrometheusServer shipped =
            start(
                servers,
                "shipped-" + i,
                v,
                new Targets(cadvisor, Optional.of(agent.target()), Optional.of(ksm.target())));
        PrometheusServer groundTruth =
            start(
                servers,
                "truth-" + i,
                v,
                new Targets(truth.target(), Optional.empty(), Optional.of(ksm.target())));
        pairs.add(new PrometheusServer[] {shipped, groundTruth});
      }
      for (int i = 0; i < VARIANTS.size(); i++) {
        awaitEveryPod(pairs.get(i)[0], VARIANTS.get(i));
        awaitEveryPod(pairs.get(i)[1], VARIANTS.get(i));
        assertShimSeriesOnlyWhereCadvisorDoesNotKnowThePod(pairs.get(i)[0], VARIANTS.get(i));
      }

      List<Stream> streams =
          List.of(
              new Stream(webA, db, 400, 1000),
              new Stream(webB, db, 200, 600),
              new Stream(db, webA, 100, 1200));
      long trafficStart = System.nanoTime();
      List<Process> senders = new ArrayList<>();
      for (int i = 0; i < streams.size(); i++) {
        senders.add(startStream(streams.get(i), i));
      }
      // Evaluate inside steady traffic: the senders' JVMs start within ~3 s, and the longest
      // window ($__rate_interval) must lie after that.
      sleepUntil(trafficStart, Duration.ofSeconds(TRAFFIC_SECONDS - 4));
      double at = System.currentTimeMillis() / 1000.0 - 1.5;
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < VARIANTS.size(); i++) {
        compare(VARIANTS.get(i), queries, pairs.get(i)[0], pairs.get(i)[1], at, failures);
      }
      long sentDatagrams = 0;
      for (int i = 0; i < senders.size(); i++) {
        sentDatagrams += finish(senders.get(i), i);
      }
      for (int i = 0; i < VARIANTS.size(); i++) {
        frozenCountersEqual(VARIANTS.get(i), pairs.get(i)[0], pairs.get(i)[1], failures);
      }
      assertTrue(sentDatagrams > 0, "the senders sent nothing");
      assertTrue(
          failures.isEmpty(), failures.size() + " disagreements:\n" + String.join("\n", failures));
    } finally {
      for (PrometheusServer s : servers) {
        s.close();
      }
    }
  }

  private static PrometheusServer start(
      List<PrometheusServer> servers, String name, Variant v, Targets targets) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    PrometheusServer s =
        PrometheusServer.start(
            home, ShippedPrometheusConfig.build(v.install(), NODE, v.cluster(), targets));
    servers.add(s);
    return s;
  }

  private static String podSelector(Variant v) {
    return v.cluster().map(c -> "cluster=\"" + c + "\", ").orElse("")
        + "namespace=\""
        + NAMESPACE
        + "\"";
  }

  /** Every test pod has its series (from the rules or from cAdvisor), and kube_pod_info too. */
  private static void awaitEveryPod(PrometheusServer p, Variant v) throws Exception {
    String q =
        "count by (pod) (container_network_transmit_bytes_total{"
            + podSelector(v)
            + "} * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_info))";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = p.query(q);
      if (last.size() == 3) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        v.name()
            + ": expected series for 3 pods within 60 s, found "
            + last
            + "\n  shim: "
            + p.query("pod_interface_shim")
            + "\n  renamed host series: "
            + p.query("network:container_network_receive_bytes_total")
            + "\n  network series by pod: "
            + p.query("count by (__name__, namespace, pod) ({__name__=~\"container_network_.*\"})")
            + "\n  kube_pod_info: "
            + p.query("kube_pod_info")
            + "\n  targets: "
            + p.query("up"));
  }

  /**
   * Where cAdvisor serves a pod's own series (containerd), the rules add none; where it does not
   * (CRI-O), every pod's series come from the rules, with the pod-side name and the host veth.
   */
  private static void assertShimSeriesOnlyWhereCadvisorDoesNotKnowThePod(
      PrometheusServer shipped, Variant v) throws Exception {
    JsonNode recorded =
        shipped.query(
            "container_network_transmit_bytes_total{" + podSelector(v) + ", host_interface!=\"\"}");
    if (v.shape() == Shape.CONTAINERD) {
      assertEquals(0, recorded.size(), v.name() + ": recorded next to cAdvisor's own: " + recorded);
      return;
    }
    assertEquals(3, recorded.size(), v.name() + ": " + recorded);
    for (JsonNode r : recorded) {
      JsonNode m = r.path("metric");
      assertEquals("eth0", m.path("interface").asText(), m.toString());
      assertTrue(
          m.path("host_interface").asText().matches("(eni|cali|lxc)[0-9a-f]+"), m.toString());
      assertEquals("kubelet", m.path("job").asText(), m.toString());
      assertEquals("/metrics/cadvisor", m.path("metrics_path").asText(), m.toString());
      assertEquals(NODE, m.path("node").asText(), m.toString());
      assertEquals(v.cluster().orElse(""), m.path("cluster").asText(), m.toString());
    }
  }

  private static Process startStream(Stream s, int i) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Path.of("target", "test-classes").toAbsolutePath().toString();
    return new ProcessBuilder(
            "nsenter",
            "--net=" + s.from().netns(),
            java,
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            cp,
            UdpProbe.class.getName(),
            "stream",
            s.to().ipv4(),
            "9",
            "" + s.perSecond(),
            "" + TRAFFIC_SECONDS,
            "" + s.size())
        .redirectError(dir.resolve("stream-" + i + ".err").toFile())
        .redirectOutput(dir.resolve("stream-" + i + ".out").toFile())
        .start();
  }

  private static long finish(Process sender, int i) throws Exception {
    if (!sender.waitFor(TRAFFIC_SECONDS + 30, TimeUnit.SECONDS) || sender.exitValue() != 0) {
      sender.destroyForcibly();
      throw new AssertionError(
          "stream " + i + " failed: " + Files.readString(dir.resolve("stream-" + i + ".err")));
    }
    return Long.parseLong(Files.readString(dir.resolve("stream-" + i + ".out")).strip());
  }

  private static void compare(
      Variant v,
      List<DashboardQueries.Query> queries,
      PrometheusServer shipped,
      PrometheusServer truth,
      double at,
      List<String> failures)
      throws Exception {
    Map<String, String> variables =
        Map.of(
            "cluster",
            v.cluster().orElse(""),
            "namespace",
            NAMESPACE,
            "pod",
            webA.name(),
            "workload",
            "cnmdash-web",
            "type",
            "deployment",
            "__rate_interval",
            RATE_INTERVAL,
            "interval",
            RATE_INTERVAL,
            // The legacy dashboards' irate over a subquery compares the last two subquery steps;
            // steps many scrape intervals apart make one sample more or less a small error.
            "resolution",
            SUBQUERY_RESOLUTION);
    int panels = 0;
    int variableQueries = 0;
    int nonEmpty = 0;
    double worst = 0;
    for (DashboardQueries.Query q : queries) {
      String promql;
      Map<String, Double> got;
      Map<String, Double> want;
      if (q.isVariable()) {
        DashboardQueries.LabelValues lv = q.labelValues(variables);
        promql = "label_values(" + lv.selector() + ", " + lv.label() + ")";
        got = asKeys(shipped.labelValues(lv.label(), lv.selector(), at - 60, at));
        want = asKeys(truth.labelValues(lv.label(), lv.selector(), at - 60, at));
      } else {
        promql = q.promql(variables);
        got = evaluate(shipped, promql, at);
        want = evaluate(truth, promql, at);
      }
      String where = v.name() + " · " + q.describe() + "\n    " + promql;
      // kubernetes-mixin's default cadvisorSelector (job="cadvisor") matches no job of either
      // install path; everything else must show the pods on the ground truth.
      boolean selectsNoShippedJob = q.expr().contains("job=\"cadvisor\"");
      if (q.isVariable()) {
        variableQueries++;
      } else {
        panels++;
      }
      if (selectsNoShippedJob) {
        if (!got.isEmpty() || !want.isEmpty()) {
          failures.add(
              where + "\n    expected no series on either; shipped " + got + ", truth " + want);
        }
        continue;
      }
      if (want.isEmpty()) {
        failures.add(where + "\n    the ground truth shows nothing: the test's setup is wrong");
        continue;
      }
      nonEmpty++;
      if (!got.keySet().equals(want.keySet())) {
        failures.add(where + "\n    label sets differ: shipped " + got + "\n    truth   " + want);
        continue;
      }
      if (q.isVariable()) {
        continue;
      }
      double scale = 0;
      for (double w : want.values()) {
        scale = Math.max(scale, Math.abs(w));
      }
      // An irate of a packet counter is a whole number of packets over two samples one scrape
      // apart. The two servers scrape the same kernel counter at their own phases, so one packet
      // more or less between them is irate's resolution, not a difference of the join: a pod that
      // only sends receives about one ARP or ICMP packet a second (shipped 2.0, truth 1.0 seen).
      double quantum =
          promql.contains("irate(") && promql.contains("_packets")
              ? 1.0 / ShippedPrometheusConfig.SCRAPE_INTERVAL_SECONDS
              : 0;
      for (Map.Entry<String, Double> e : want.entrySet()) {
        double a = got.get(e.getKey());
        double b = e.getValue();
        double diff = Math.abs(a - b);
        // relative to the series itself, or to the panel's largest series for the near-zero
        // ones (a receive rate of a pod that only sends: a few ARP and ICMP packets)
        double allowed =
            TOLERANCE_PERCENT / 100.0 * Math.max(Math.abs(b), 0.05 * scale) + quantum + 1e-9;
        if (scale > 0) {
          worst = Math.max(worst, diff / Math.max(Math.abs(b), 0.05 * scale));
        }
        if (diff > allowed) {
          failures.add(where + "\n    " + e.getKey() + ": shipped " + a + ", truth " + b);
        }
      }
    }
    System.out.printf(
        "DashboardParityIT: %s: %d panel queries and %d variable queries evaluated, %d show the"
            + " pods and equal the ground truth (worst deviation %.1f %%)%n",
        v.name(), panels, variableQueries, nonEmpty, 100 * worst);
  }

  /** After the traffic, every pod's byte and packet counters are the same on both servers. */
  private static void frozenCountersEqual(
      Variant v, PrometheusServer shipped, PrometheusServer truth, List<String> failures)
      throws Exception {
    String mismatch = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      Thread.sleep(1000);
      double at = System.currentTimeMillis() / 1000.0 - 1.5;
      mismatch = null;
      StringBuilder totals = new StringBuilder();
      for (String family : SYMMETRIC_FAMILIES) {
        String q = "sum by (pod) (container_network_" + family + "_total{" + podSelector(v) + "})";
        Map<String, Double> got = keyed(shipped.query(q, at));
        Map<String, Double> want = keyed(truth.query(q, at));
        if (!got.equals(want) || want.size() != 3) {
          mismatch = v.name() + ": " + q + "\n    shipped " + got + "\n    truth   " + want;
          break;
        }
        if (family.endsWith("bytes")) {
          totals.append(' ').append(family).append(want);
        }
      }
      if (mismatch == null) {
        System.out.println("DashboardParityIT: " + v.name() + ": frozen counters equal:" + totals);
        return;
      }
    }
    failures.add(mismatch);
  }

  /**
   * A panel's result at {@code at}. An {@code irate} takes the last two samples only, and over a
   * recorded series (sampled at rule evaluations, which run at the scrape interval) one evaluation
   * in a while picks up zero or two scrapes instead of one when the scrape and evaluation phases
   * jitter across each other: the value of one step, not of the panel. So irate panels are read at
   * three steps a second apart, per series the median, as the panel's line shows them.
   */
  private static Map<String, Double> evaluate(PrometheusServer p, String promql, double at)
      throws Exception {
    if (!promql.contains("irate(")) {
      return keyed(p.query(promql, at));
    }
    List<Map<String, Double>> steps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      steps.add(keyed(p.query(promql, at - i)));
    }
    Map<String, Double> median = new TreeMap<>();
    for (String key : steps.get(0).keySet()) {
      double[] values = new double[3];
      for (int i = 0; i < 3; i++) {
        Double value = steps.get(i).get(key);
        if (value == null) {
          return steps.get(0); // a series that came or went: let the label-set check report it
        }
        values[i] = value;
      }
      Arrays.sort(values);
      median.put(key, values[1]);
    }
    return median;
  }

  /** A variable's values as keys, to compare them like panel results. */
  private static Map<String, Double> asKeys(Collection<String> values) {
    Map<String, Double> out = new TreeMap<>();
    values.forEach(v -> out.put(v, 1.0));
    return out;
  }

  /** Result vector → (sorted labels without __name__) → value. */
  private static Map<String, Double> keyed(JsonNode result) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode r : result) {
      Map<String, String> labels = new TreeMap<>();
      r.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      labels.remove("__name__");
      out.put(labels.toString(), Double.parseDouble(r.path("value").get(1).asText()));
    }
    return out;
  }

  private static void sleepUntil(long startNanos, Duration after) throws InterruptedException {
    long wait = startNanos + after.toNanos() - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
