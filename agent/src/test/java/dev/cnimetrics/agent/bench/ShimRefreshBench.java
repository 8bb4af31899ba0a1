package dev.cnimetrics.agent.bench;

import dev.cnimetrics.agent.e2e.AgentProcess;
import dev.cnimetrics.agent.e2e.TestPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The packaged agent's pod interface refresh on the real containerd test node, as the agent itself
 * reports it ({@code cni_metrics_agent_refresh_duration_seconds}): the first refresh with N new
 * pods, the steady state (every pod a cache hit), and the refresh that sees one added pod; then the
 * agent's VmRSS after 50 scrapes. Root only; needs the node's env. Not a test, no assertions:
 *
 * <pre>
 * java -cp agent/target/test-classes:agent/target/cni-metrics-agent.jar \
 *   dev.cnimetrics.agent.bench.ShimRefreshBench [PODS] [netlink|setns|auto]
 * </pre>
 *
 * (run from agent/, the directory the agent's jar path is relative to)
 */
public final class ShimRefreshBench {

  private static final int STEADY = 5;
  private static final int SCRAPES = 50;
  private static final String HITS = "cni_metrics_agent_cache_hits_total";
  private static final String PODS = "cni_metrics_agent_pods";

  private ShimRefreshBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    String method = args.length > 1 ? args[1] : "netlink";
    TestPods.requireRootAnd(List.of("/usr/sbin/ip", "/usr/bin/nsenter"));
    Path dir = Files.createTempDirectory("cnmag-bench");
    Path log = dir.resolve("agent.log");
    try (TestPods pods = new TestPods("cnmag-bench")) {
      for (int i = 0; i < n; i++) {
        pods.add("cnmag-bench-" + i, false);
      }
      try (AgentProcess agent =
          AgentProcess.start(
              log,
              pods.agentEnv(),
              "--node-name=cnmag-bench",
              "--imds=false",
              "--ipamd-url=none",
              "--netns-method=" + method,
              "--refresh-interval=2s")) {
        String tag = " (" + method + ", " + n + " pods)";
        String m = agent.awaitMetrics(Duration.ofSeconds(60), t -> t.contains("agent_pods "));
        bench("agent first refresh" + tag, ms(m), "ms");
        int listed = (int) value(m, "cni_metrics_agent_pods");
        List<Double> steady = new ArrayList<>();
        for (int i = 0; i < STEADY; i++) {
          double hits = value(m, HITS);
          m = agent.awaitMetrics(Duration.ofSeconds(10), t -> value(t, HITS) > hits);
          steady.add(ms(m));
        }
        Collections.sort(steady);
        bench("agent steady refresh, median of " + STEADY + tag, steady.get(STEADY / 2), "ms");
        pods.add("cnmag-bench-added", false);
        m = agent.awaitMetrics(Duration.ofSeconds(10), t -> value(t, PODS) == listed + 1);
        bench("agent refresh with one pod added" + tag, ms(m), "ms");
        for (int i = 0; i < SCRAPES; i++) {
          agent.metrics();
        }
        bench(
            "agent VmRSS after " + SCRAPES + " scrapes" + tag,
            agent.statusKib("VmRSS") / 1024.0,
            "MiB");
      }
    }
    // Kept only when a step above failed (the exception names it), for the agent's log.
    Files.delete(log);
    Files.delete(dir);
  }

  private static double ms(String metrics) {
    return value(metrics, "cni_metrics_agent_refresh_duration_seconds") * 1e3;
  }

  private static double value(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + series + " in /metrics"));
  }

  private static void bench(String figure, double value, String unit) {
    System.out.printf("BENCH|%s|%.2f|%s|-|-%n", figure, value, unit);
  }
}
