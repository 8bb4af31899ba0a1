package dev.cnimetrics.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.agent.e2e.KernelPeers.Names;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged agent as users run it, against the real containerd test node: pods made over CRI
 * (one hostNetwork, one with a second veth added by hand), series compared with what iproute2 says
 * the kernel has, per --netns-method, and under pod churn.
 */
class ShimSeriesIT {

  static final String NODE = "cnmag-node";
  static final Duration INTERVAL = Duration.ofSeconds(1);

  @TempDir static Path dir;
  private static TestPods pods;
  private static TestPods.Pod multi;
  private static TestPods.Pod hostPod;
  private static String extraVeth;

  @BeforeAll
  static void createPods() throws Exception {
    TestPods.requireRootAnd(List.of("/usr/sbin/ip", "/usr/bin/nsenter", "/usr/bin/setpriv"));
    pods = new TestPods("cnmag-it");
    pods.add("cnmag-web", false);
    pods.add("cnmag-db", false);
    multi = pods.add("cnmag-multi", false);
    hostPod = pods.add("cnmag-host", true);
    extraVeth = pods.addVeth(multi);
  }

  @AfterAll
  static void removePods() throws Exception {
    if (pods != null) {
      pods.close();
    }
  }

  static Map<String, String> env() {
    return pods.agentEnv();
  }

  static Set<Map<String, String>> seriesOf(Set<Map<String, String>> all, String pod) {
    return all.stream().filter(s -> s.get("pod").equals(pod)).collect(Collectors.toSet());
  }

  enum Method {
    NETLINK("netlink", Names.FROM_CNI_RESULT),
    SETNS("setns", Names.FROM_KERNEL);

    final String flag;
    final Names names;

    Method(String flag, Names names) {
      this.flag = flag;
      this.names = names;
    }
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void servesExactlyOneSeriesPerPodInterfaceWithAHostPeer(Method method) throws Exception {
    try (AgentProcess agent =
        AgentProcess.start(
            dir.resolve("agent-" + method.flag + ".log"),
            env(),
            "--node-name=" + NODE,
            "--imds=false",
            "--ipamd-url=none",
            "--netns-method=" + method.flag,
            "--refresh-interval=" + INTERVAL.toSeconds() + "s")) {
      String first = agent.awaitMetrics(Duration.ofSeconds(30), m -> m.contains("agent_pods "));
      Set<Map<String, String>> expected = KernelPeers.expected(NODE, pods.live(), method.names);
      Set<Map<String, String>> served = KernelPeers.served(first);
      assertEquals(expected, served, agent.log());

      assertEquals(Set.of(), seriesOf(served, hostPod.name()), "hostNetwork pods have none");
      Set<Map<String, String>> multiSeries = seriesOf(served, multi.name());
      assertEquals(2, multiSeries.size(), multiSeries.toString());
      Map<String, String> extra =
          multiSeries.stream().filter(s -> s.get("interface").equals(extraVeth)).findFirst().get();
      assertEquals(method == Method.SETNS ? "net1" : "", extra.get("pod_interface"));
      for (String pod : List.of("cnmag-web", "cnmag-db")) {
        Set<Map<String, String>> one = seriesOf(served, pod);
        assertEquals(1, one.size(), one.toString());
        assertEquals("eth0", one.iterator().next().get("pod_interface"));
      }

      // The next refreshes reuse the cache: same series, every pod-network pod a hit.
      long podNetworkPods = pods.live().stream().filter(s -> !s.hostNetwork()).count();
      String later =
          agent.awaitMetrics(
              Duration.ofSeconds(10),
              m -> value(m, "cni_metrics_agent_cache_hits_total") >= podNetworkPods);
      assertEquals(expected, KernelPeers.served(later));
      assertEquals(expected.size(), value(later, "cni_metrics_agent_interfaces_resolved"));
    }
  }

  @Test
  void seriesFollowPodChurnWithinTwoRefreshIntervalsWhileIpamdIsDown() throws Exception {
    int refused;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = s.getLocalPort();
    }
    try (AgentProcess agent =
        AgentProcess.start(
            dir.resolve("agent-churn.log"),
            env(),
            "--node-name=" + NODE,
            "--imds=false",
            "--ipamd-url=http://127.0.0.1:" + refused + "/metrics",
            "--refresh-interval=" + INTERVAL.toSeconds() + "s")) {
      agent.awaitMetrics(Duration.ofSeconds(30), m -> m.contains("agent_pods "));
      awaitLiveSeries(agent);
      TestPods.Pod first = pods.add("cnmag-churn-1", false);
      pods.add("cnmag-churn-2", false);
      String added = awaitLiveSeries(agent);
      assertEquals(1, seriesOf(KernelPeers.served(added), first.name()).size());
      assertTrue(added.contains("cni_metrics_agent_ipamd_up 0.0\n"), "ipamd is down meanwhile");

      pods.remove(first);
      pods.add("cnmag-churn-3", false);
      String churned = awaitLiveSeries(agent);
      assertEquals(Set.of(), seriesOf(KernelPeers.served(churned), first.name()));
    }
  }

  @Test
  void setnsWithoutCapSysAdminIsOneLineAndExitCode1() throws Exception {
    Path err = dir.resolve("setns-denied.err");
    ProcessBuilder pb =
        AgentProcess.command(
                env(),
                List.of(
                    "--node-name=" + NODE,
                    "--imds=false",
                    "--ipamd-url=none",
                    "--netns-method=setns",
                    "--once=metrics"))
            .redirectError(err.toFile());
    pb.command().addAll(0, List.of("setpriv", "--bounding-set", "-sys_admin"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "agent did not exit");
    List<String> lines = Files.readAllLines(err);
    String last = lines.get(lines.size() - 1);
    assertEquals(1, p.exitValue(), String.join("\n", lines));
    assertEquals("", out);
    assertTrue(
        last.matches(
            "cni-metrics-agent: --netns-method=setns: needs CAP_SYS_ADMIN in the effective"
                + " capability set, found CapEff [0-9a-f]{16} without it — add SYS_ADMIN to the"
                + " agent container's capabilities or use --netns-method=netlink"),
        last);
  }

  /**
   * Waits until the served series are exactly the kernel's for the live pods; fails if that takes
   * longer than two refresh intervals plus one second for the agent's own refresh and the scrape.
   */
  private static String awaitLiveSeries(AgentProcess agent) throws Exception {
    long start = System.nanoTime();
    Duration limit = INTERVAL.multipliedBy(2).plusSeconds(1);
    Set<Map<String, String>> expected = Set.of();
    String text = "";
    while (System.nanoTime() - start < limit.toNanos()) {
      expected = KernelPeers.expected(NODE, pods.live(), Names.FROM_KERNEL);
      text = agent.metrics();
      if (KernelPeers.served(text).equals(expected)) {
        System.out.printf(
            "churn: series matched the live pods after %d ms%n",
            (System.nanoTime() - start) / 1_000_000);
        return text;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "series did not match the live pods within "
            + limit
            + "\nexpected "
            + expected
            + "\nserved "
            + KernelPeers.served(text)
            + "\n"
            + agent.log());
  }

  static double value(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }
}
