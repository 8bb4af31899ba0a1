package dev.cnimetrics.aggregator.kube;

import dev.cnimetrics.aggregator.cycle.TargetSource;
import dev.cnimetrics.aggregator.scrape.AgentTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The agent pods of one namespace, kept current by an informer (list + watch; the label selector is
 * applied by the API server). A pod counts once it runs and has an IP; it is tracked under its
 * node's name, so a replaced agent pod continues its node's counters; a second pod for the same
 * node or address (a rollout's overlap) is left out until the first is gone.
 */
public final class PodTargets implements TargetSource, AutoCloseable {
  private final SharedIndexInformer<Pod> informer;
  private final int port;

  public PodTargets(KubernetesClient client, String namespace, String selector, int port) {
    this.port = port;
    this.informer = client.pods().inNamespace(namespace).withLabelSelector(selector).inform();
  }

  @Override
  public List<AgentTarget> targets() {
    List<AgentTarget> out = new ArrayList<>();
    for (Pod pod : informer.getStore().list()) {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
      if (ip == null
          || ip.isEmpty()
          || !running
          || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      out.add(new AgentTarget(node == null ? pod.getMetadata().getName() : node, ip, port));
    }
    out.sort(Comparator.comparing(AgentTarget::node));
    return AgentTarget.distinct(out);
  }

  @Override
  public boolean ready() {
    return informer.hasSynced();
  }

  @Override
  public void close() {
    informer.close();
  }
}
