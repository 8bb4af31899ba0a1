package dev.cnimetrics.aggregator.scrape;

import java.net.URI;

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

  /** How the target is named in log lines. */
  public String describe() {
    String address = host + ":" + port;
    return node.equals(address) ? "agent " + address : "agent " + node + " (" + address + ")";
  }
}
