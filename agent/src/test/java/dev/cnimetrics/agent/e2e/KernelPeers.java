package dev.cnimetrics.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.testkit.host.Commands;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series the agent must serve, worked out from the kernel with iproute2 rather than from the
 * agent's code or the test's bookkeeping: {@code nsenter --net=<netns> ip -j -d link} gives each
 * pod interface's ifindex, name and peer ({@code link_index}), host {@code ip -j -d link} gives the
 * host-side names. A pair counts when each end names the other's ifindex.
 */
final class KernelPeers {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Whether the agent can know pod-side names: setns reads them, netlink only via the CNI result.
   */
  enum Names {
    FROM_KERNEL,
    FROM_CNI_RESULT
  }

  private KernelPeers() {}

  /**
   * One label map per expected {@code pod_interface_shim} series of these sandboxes. With {@link
   * Names#FROM_CNI_RESULT}, only the interface the CNI plugin made is named: on the bridge test
   * node that is the pod interface whose host peer is a bridge port (has a {@code master}).
   */
  static Set<Map<String, String>> expected(String node, List<Sandbox> sandboxes, Names names)
      throws Exception {
    Map<Integer, JsonNode> host = new HashMap<>();
    for (JsonNode link : JSON.readTree(Commands.run("ip", "-j", "-d", "link", "show"))) {
      host.put(link.path("ifindex").asInt(), link);
    }
    Set<Map<String, String>> out = new HashSet<>();
    for (Sandbox s : sandboxes) {
      if (s.hostNetwork() || s.netnsPath().isEmpty()) {
        continue;
      }
      String podLinks =
          Commands.run("nsenter", "--net=" + s.netnsPath().get(), "ip", "-j", "-d", "link", "show");
      for (JsonNode podSide : JSON.readTree(podLinks)) {
        if (!podSide.has("link_index") || !podSide.has("link_netnsid")) {
          continue;
        }
        JsonNode hostSide = host.get(podSide.path("link_index").asInt());
        if (hostSide == null
            || hostSide.path("link_index").asInt() != podSide.path("ifindex").asInt()) {
          continue;
        }
        boolean named = names == Names.FROM_KERNEL || hostSide.has("master");
        out.add(
            Map.of(
                "node", node,
                "namespace", s.namespace(),
                "pod", s.name(),
                "uid", s.uid(),
                "interface", hostSide.path("ifname").asText(),
                "pod_interface", named ? podSide.path("ifname").asText() : ""));
      }
    }
    return out;
  }

  /** The pod_interface_shim series of an agent's /metrics text, as label maps. */
  static Set<Map<String, String>> served(String metricsText) {
    Set<Map<String, String>> out = new HashSet<>();
    dev.cnimetrics.agent.promtext.PrometheusTextParser.parse(metricsText).samples().stream()
        .filter(sample -> sample.name().equals("pod_interface_shim"))
        .forEach(sample -> out.add(withEmpty(sample.labels())));
    return out;
  }

  /** Prometheus treats an empty label as absent; compare with the label always present. */
  private static Map<String, String> withEmpty(Map<String, String> labels) {
    Map<String, String> m = new HashMap<>(labels);
    m.putIfAbsent("pod_interface", "");
    return Map.copyOf(m);
  }

  static Set<String> podsOf(Set<Map<String, String>> series) {
    Set<String> pods = new HashSet<>();
    series.forEach(s -> pods.add(s.get("pod")));
    return pods;
  }
}
