package dev.cnimetrics.agent.e2e;

import dev.cnimetrics.cri.Sandbox;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Stands in for what the networking dashboards read besides cAdvisor, for the node's READY
 * sandboxes:
 *
 * <ul>
 *   <li>kube-state-metrics' {@code kube_pod_info} with its label set (namespace, pod, uid, node,
 *       host_network, host_ip, pod_ip, created_by_kind, created_by_name, priority_class; as listed
 *       in kube-state-metrics' docs/metrics/workload/pod-metrics.md), served with honor_labels as
 *       kube-prometheus-stack scrapes it;
 *   <li>{@code namespace_workload_pod:kube_pod_owner:relabel{namespace, pod, workload,
 *       workload_type}}, which kubernetes-mixin's rules (rules/apps.libsonnet, shipped by
 *       kube-prometheus-stack) record from kube_pod_owner and the ReplicaSet/Job owner series;
 *       served here as the recorded result, since no API server can run to give kube-state-metrics
 *       the owner objects. The dashboards read only its namespace, pod, workload and workload_type.
 * </ul>
 */
final class KubeStateMetricsStandIn implements AutoCloseable {

  /** A pod's owning workload as the kube-prometheus recording rule names it. */
  record Workload(String name, String type) {}

  private final ExpositionServer server;
  private final Callable<List<Sandbox>> sandboxes;
  private final String node;
  private final Map<String, Workload> workloads;

  /**
   * @param workloads pod name → workload; other pods are their own workload of type {@code pod}
   */
  KubeStateMetricsStandIn(
      String node, Callable<List<Sandbox>> sandboxes, Map<String, Workload> workloads)
      throws IOException {
    this.node = node;
    this.sandboxes = sandboxes;
    this.workloads = Map.copyOf(workloads);
    server = new ExpositionServer("/metrics", "kube-state-metrics stand-in", this::exposition);
  }

  String target() {
    return server.target();
  }

  private String exposition() throws Exception {
    List<Sandbox> pods = sandboxes.call();
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP kube_pod_info Information about pod.\n# TYPE kube_pod_info gauge\n");
    for (Sandbox s : pods) {
      Workload w = workload(s);
      sb.append("kube_pod_info{namespace=\"")
          .append(s.namespace())
          .append("\",pod=\"")
          .append(s.name())
          .append("\",uid=\"")
          .append(s.uid())
          .append("\",host_ip=\"127.0.0.1\",pod_ip=\"\",node=\"")
          .append(node)
          .append("\",created_by_kind=\"")
          .append(w.type().equals("pod") ? "<none>" : "ReplicaSet")
          .append("\",created_by_name=\"")
          .append(w.type().equals("pod") ? "<none>" : w.name())
          .append("\",priority_class=\"\",host_network=\"")
          .append(s.hostNetwork())
          .append("\"} 1\n");
    }
    sb.append("# HELP namespace_workload_pod:kube_pod_owner:relabel recorded by kube-prometheus\n");
    sb.append("# TYPE namespace_workload_pod:kube_pod_owner:relabel gauge\n");
    for (Sandbox s : pods) {
      Workload w = workload(s);
      sb.append("namespace_workload_pod:kube_pod_owner:relabel{namespace=\"")
          .append(s.namespace())
          .append("\",pod=\"")
          .append(s.name())
          .append("\",workload=\"")
          .append(w.name())
          .append("\",workload_type=\"")
          .append(w.type())
          .append("\"} 1\n");
    }
    return sb.toString();
  }

  private Workload workload(Sandbox s) {
    return workloads.getOrDefault(s.name(), new Workload(s.name(), "pod"));
  }

  @Override
  public void close() {
    server.close();
  }
}
