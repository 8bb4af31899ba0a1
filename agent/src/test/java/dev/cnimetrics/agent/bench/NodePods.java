package dev.cnimetrics.agent.bench;

import dev.cnimetrics.testkit.cri.PodRequest;
import dev.cnimetrics.testkit.cri.SandboxLifecycle;
import dev.cnimetrics.testkit.cri.TestNodeEnv;
import java.util.Locale;

/**
 * Fills the benchmark's containerd node with pods over CRI, the way kubelet starts them, in one JVM
 * (podctl would start one JVM per pod). Not a test. Needs the node's env ({@code
 * CNI_METRICS_CRI_ENDPOINT}); run by {@code scripts/bench.sh}:
 *
 * <pre>
 * java -cp agent/target/test-classes:agent/target/cni-metrics-agent.jar \
 *   dev.cnimetrics.agent.bench.NodePods 250
 * </pre>
 *
 * Pods are {@code web-N} in ten namespaces {@code cnmbench-0..9}; {@code scripts/e2e/node.sh down}
 * removes them. Prints the time one pod took to start as a BENCH line.
 */
public final class NodePods {
  private NodePods() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].matches("[1-9][0-9]{0,3}")) {
      System.err.println("usage: NodePods COUNT (1-9999)");
      System.exit(2);
    }
    int count = Integer.parseInt(args[0]);
    try (SandboxLifecycle pods = new SandboxLifecycle(TestNodeEnv.socket())) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        pods.run(pod(i));
      }
      double perPod = (System.nanoTime() - start) / 1e6 / count;
      System.out.printf(
          Locale.ROOT,
          "BENCH|containerd pod sandbox start, real node (%d pods, for scale)|%.0f|ms/pod|-|-%n",
          count,
          perPod);
    }
  }

  /** The i-th benchmark pod: a pod-network pod as a Deployment would name it. */
  static PodRequest pod(int i) {
    return PodRequest.of("web-" + i, "cnmbench-" + (i % 10), false);
  }
}
