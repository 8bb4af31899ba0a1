package dev.cnimetrics.agent.shim;

import static dev.cnimetrics.agent.shim.FakeNode.hostNetworkPod;
import static dev.cnimetrics.agent.shim.FakeNode.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsException;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shim's refresh against a fake runtime and kernel: served series, self metrics, and what a
 * failing runtime or host dump leaves in place.
 */
class ShimCollectorTest {

  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final ResolutionCounters counters = new ResolutionCounters();
  private final FakeNode node = new FakeNode(counters);
  private final ShimCollector shim = new ShimCollector("node-a", node, node, counters, clock);

  private static final Sandbox WEB =
      pod("s-web", "web", List.of("cni0", "veth1c7e2f9a"), List.of("eth0", "lo"));
  private static final Sandbox MULTI =
      pod("s-multi", "multi", List.of("cni0", "veth22"), List.of("eth0", "lo"));
  private static final Sandbox PROXY = hostNetworkPod("s-proxy", "kube-proxy");

  private static PodInterfaceSeries series(Sandbox s, String host, String podSide) {
    return new PodInterfaceSeries(s.namespace(), s.name(), s.uid(), host, podSide);
  }

  private void threePods() {
    node.veth(WEB, 1, 11, "veth1c7e2f9a", 2);
    node.veth(MULTI, 2, 12, "veth22", 2);
    node.veth(MULTI, 2, 13, "lxc9f3a0b", 3);
    node.setSandboxes(WEB, MULTI, PROXY);
  }

  static String exposition(ShimSnapshot s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create()
        .write(out, new MetricSnapshots(s.metrics()), EscapingScheme.DEFAULT);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final String ERRORS_HEADER =
      "# HELP cni_metrics_agent_resolution_errors_total Pod interface resolution failures (CRI and"
          + " network namespace) by reason.\n"
          + "# TYPE cni_metrics_agent_resolution_errors_total counter\n";

  private static String errorLine(String reason, long count) {
    return "cni_metrics_agent_resolution_errors_total{reason=\"" + reason + "\"} " + count + ".0\n";
  }

  private static String value(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return line.substring(series.length() + 1);
      }
    }
    throw new AssertionError("no " + series + " in\n" + exposition);
  }

  private static List<String> shimLines(String exposition) {
    return exposition.lines().filter(l -> l.startsWith("pod_interface_shim{")).toList();
  }

  @Test
  void servesOneSeriesPerHostPeerAndTheSelfMetrics() throws Exception {
    threePods();
    String text =
        exposition(shim.collect())
            .replaceFirst("(?m)^(cni_metrics_agent_refresh_duration_seconds) .*$", "$1 0.001");
    StringBuilder errors = new StringBuilder(ERRORS_HEADER);
    for (String reason :
        List.of(
            "deadline_exceeded",
            "host_dump_failed",
            "info_unparsable",
            "netlink_failed",
            "netns_gone",
            "netns_missing",
            "netns_open_failed",
            "netns_rejected",
            "not_a_netns",
            "not_a_socket",
            "permission_denied",
            "return_failed",
            "rpc_error",
            "sandbox_gone",
            "setns_denied",
            "setns_failed",
            "socket_missing",
            "unavailable",
            "unimplemented")) {
      errors.append(errorLine(reason, 0));
    }
    assertEquals(
        """
        # HELP cni_metrics_agent_cache_hits_total Pods whose cached host peers still matched, so no namespace was read.
        # TYPE cni_metrics_agent_cache_hits_total counter
        cni_metrics_agent_cache_hits_total 0.0
        # HELP cni_metrics_agent_interfaces_resolved pod_interface_shim series served.
        # TYPE cni_metrics_agent_interfaces_resolved gauge
        cni_metrics_agent_interfaces_resolved 3.0
        # HELP cni_metrics_agent_pods READY pod sandboxes the runtime listed in the last refresh that worked.
        # TYPE cni_metrics_agent_pods gauge
        cni_metrics_agent_pods 3.0
        # HELP cni_metrics_agent_refresh_duration_seconds Duration of the last pod interface refresh.
        # TYPE cni_metrics_agent_refresh_duration_seconds gauge
        cni_metrics_agent_refresh_duration_seconds 0.001
        """
            + errors
            + """
            # HELP cni_metrics_agent_shim_age_seconds Seconds since the served pod_interface_shim series were refreshed (grows while the runtime or the host link dump fails).
            # TYPE cni_metrics_agent_shim_age_seconds gauge
            cni_metrics_agent_shim_age_seconds 0.0
            # HELP pod_interface_shim 1 per pod interface with a host-side peer: interface is the host-side name (cAdvisor's label), pod_interface the name inside the pod (empty: unknown).
            # TYPE pod_interface_shim gauge
            pod_interface_shim{interface="lxc9f3a0b",namespace="shop",node="node-a",pod="multi",pod_interface="",uid="uid-multi"} 1.0
            pod_interface_shim{interface="veth1c7e2f9a",namespace="shop",node="node-a",pod="web",pod_interface="eth0",uid="uid-web"} 1.0
            pod_interface_shim{interface="veth22",namespace="shop",node="node-a",pod="multi",pod_interface="eth0",uid="uid-multi"} 1.0
            """,
        text);
  }

  @Test
  void unchangedPodsAreCacheHitsAndRemovedPodsLoseTheirSeries() throws Exception {
    threePods();
    shim.collect();
    ShimSnapshot steady = shim.collect();
    assertEquals(2, steady.cacheHitsTotal(), "web and multi; the hostNetwork pod is not cached");
    assertEquals(List.of(List.of("s-web", "s-multi")), node.resolveCalls);
    assertEquals(
        List.of(Set.of(), Set.of("s-web", "s-multi", "s-proxy")),
        node.knownAsked,
        "the runtime is asked for the status of new sandboxes only");

    node.setSandboxes(WEB, PROXY);
    node.removeLink("veth22");
    node.removeLink("lxc9f3a0b");
    ShimSnapshot after = shim.collect();
    assertEquals(List.of(series(WEB, "veth1c7e2f9a", "eth0")), after.series());
    assertEquals(2, after.pods());
    assertEquals(3, after.cacheHitsTotal());
  }

  @Test
  void aFailingRuntimeKeepsTheLastSeriesServedWhileTheirAgeGrows() throws Exception {
    threePods();
    ShimSnapshot good = shim.collect();
    clock.advance(Duration.ofSeconds(30));
    node.failCri(FakeNode.unavailable());

    ShimSnapshot stale = shim.collect();
    assertEquals(good.series(), stale.series());
    assertEquals(3, stale.pods());
    String text = exposition(stale);
    assertEquals("30.0", value(text, "cni_metrics_agent_shim_age_seconds"));
    assertEquals(
        "1.0", value(text, "cni_metrics_agent_resolution_errors_total{reason=\"unavailable\"}"));
    assertEquals(3, shimLines(text).size());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(
        "35.0",
        value(exposition(stale), "cni_metrics_agent_shim_age_seconds"),
        "the age is computed when scraped, not when refreshed");

    node.failCri(null);
    assertEquals(0.0, shim.collect().ageSeconds());
  }

  @Test
  void aRuntimeThatNeverAnsweredServesNoSeriesAndCountsTheAgeFromStart() throws Exception {
    node.failCri(FakeNode.unavailable());
    clock.advance(Duration.ofSeconds(12));
    ShimSnapshot s = shim.collect();
    assertEquals(List.of(), s.series());
    String text = exposition(s);
    assertEquals(List.of(), shimLines(text));
    assertEquals("12.0", value(text, "cni_metrics_agent_shim_age_seconds"));
    assertEquals("0.0", value(text, "cni_metrics_agent_interfaces_resolved"));
    assertEquals(0, node.dumps, "no namespace work without a pod list");
  }

  @Test
  void aFailedHostDumpServesCachedPodsThatAreStillListedAndResolvesNothing() throws Exception {
    threePods();
    shim.collect();
    clock.advance(Duration.ofSeconds(10));
    Sandbox added = pod("s-new", "new", List.of("cni0", "veth33"), List.of("eth0", "lo"));
    node.veth(added, 3, 14, "veth33", 2);
    node.setSandboxes(WEB, added, PROXY);
    node.failDump(
        new NetnsException(
            NetnsErrorReason.HOST_DUMP_FAILED, "netlink RTM_GETLINK dump: no reply within 5s"));

    ShimSnapshot s = shim.collect();
    assertEquals(List.of(series(WEB, "veth1c7e2f9a", "eth0")), s.series());
    assertEquals(1, node.resolveCalls.size(), "nothing resolved without a host dump");
    assertEquals(10.0, s.ageSeconds());
    assertEquals(1L, s.errorsTotal().get("host_dump_failed"));

    node.failDump(null);
    ShimSnapshot recovered = shim.collect();
    assertEquals(
        List.of(series(added, "veth33", "eth0"), series(WEB, "veth1c7e2f9a", "eth0")),
        recovered.series());
    assertEquals(0.0, recovered.ageSeconds());
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
