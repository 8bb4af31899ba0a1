package dev.cnimetrics.aggregator.scrape;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One agent to scrape.
 *
 * @param node the key its counters are tracked under: the Kubernetes node name, or host:port for
 *     static agents (a new agent pod on the same node continues the node's counters)
 */
public record AgentTarget(String node, String host, int port) {

  public URI reportUri() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port + "/v1/report");
  }

  /**
   * The targets with the first of each address and of each node key kept: one agent listed twice
   * ({@code --agents A,A}), or two agent pods for one node during a rollout, would otherwise count
   * that node twice and make its two answers look like counter resets.
   */
  public static List<AgentTarget> distinct(List<AgentTarget> targets) {
    Set<String> addresses = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    List<AgentTarget> out = new ArrayList<>(targets.size());
    for (AgentTarget t : targets) {
      boolean newAddress = addresses.add(t.host() + ":" + t.port());
      boolean newNode = nodes.add(t.node());
      if (newAddress && newNode) {
        out.add(t);
      }
    }
    return out;
  }

  /** How the target is named in log lines. */
  public String describe() {
    String address = host + ":" + port;
    return node.equals(address) ? "agent " + address : "agent " + node + " (" + address + ")";
  }
}
