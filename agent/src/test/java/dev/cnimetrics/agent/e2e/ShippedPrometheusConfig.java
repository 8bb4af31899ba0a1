package dev.cnimetrics.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Prometheus configuration built from what install/ ships, for either install path:
 *
 * <ul>
 *   <li>{@link Install#KUBE_PROMETHEUS_STACK}: the cAdvisor job as kube-prometheus-stack's kubelet
 *       ServiceMonitor makes it (job {@code kubelet}, honor_labels and honor_timestamps, {@code
 *       metrics_path} from {@code __metrics_path__}, the service/endpoint target labels) with the
 *       {@code cAdvisorMetricRelabelings} of install/prometheus/kube-prometheus-stack-values.yaml,
 *       translated to Prometheus' keys as the operator does; the agent job with the honorLabels of
 *       install/kubernetes/base/servicemonitors.yaml.
 *   <li>{@link Install#PLAIN}: the jobs of install/prometheus/scrape-config.yml.
 * </ul>
 *
 * Kubernetes service discovery cannot run here, so targets are static and carry the labels
 * discovery would give them (a relabel rule that reads only {@code __meta_kubernetes_*} labels is
 * replaced by its static result). A {@code cluster} label, when given, goes on every target, as
 * multi-cluster setups add it.
 */
final class ShippedPrometheusConfig {

  static final Path INSTALL = Path.of("..", "install").toAbsolutePath().normalize();
  static final Path PROMETHEUS = INSTALL.resolve("prometheus");
  static final String CADVISOR_JOB = "kubelet";
  static final String AGENT_JOB = "cni-metrics-agent";
  static final String KSM_JOB = "kube-state-metrics";

  enum Install {
    KUBE_PROMETHEUS_STACK,
    PLAIN
  }

  /** Where each job scrapes; {@code agent} empty for a ground-truth server (no agent, no rules). */
  record Targets(String cadvisor, Optional<String> agent, Optional<String> kubeStateMetrics) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private ShippedPrometheusConfig() {}

  static JsonNode build(String node, String cadvisorTarget, String agentTarget) throws Exception {
    return build(
        Install.PLAIN,
        node,
        Optional.empty(),
        new Targets(cadvisorTarget, Optional.of(agentTarget), Optional.empty()));
  }

  /** Every server of the e2e tests scrapes and evaluates at this interval. */
  static final int SCRAPE_INTERVAL_SECONDS = 1;

  static JsonNode build(Install install, String node, Optional<String> cluster, Targets targets)
      throws Exception {
    ObjectNode config = JSON.createObjectNode();
    config
        .putObject("global")
        .put("scrape_interval", SCRAPE_INTERVAL_SECONDS + "s")
        .put("evaluation_interval", SCRAPE_INTERVAL_SECONDS + "s");
    if (targets.agent().isPresent()) {
      config.putArray("rule_files").add(PROMETHEUS.resolve("cni-metrics.rules.yml").toString());
    }
    ArrayNode jobs = config.putArray("scrape_configs");
    Map<String, String> nodeLabels = new LinkedHashMap<>();
    nodeLabels.put("node", node);
    cluster.ifPresent(c -> nodeLabels.put("cluster", c));

    ObjectNode cadvisor = jobs.addObject().put("job_name", CADVISOR_JOB);
    cadvisor.put("metrics_path", "/metrics/cadvisor");
    Map<String, String> cadvisorLabels = new LinkedHashMap<>(nodeLabels);
    if (install == Install.KUBE_PROMETHEUS_STACK) {
      cadvisor.put("honor_labels", true).put("honor_timestamps", true);
      cadvisorLabels.put("service", "kube-prometheus-stack-kubelet");
      cadvisorLabels.put("endpoint", "https-metrics");
      cadvisorLabels.put("namespace", "kube-system");
      cadvisor
          .putArray("relabel_configs")
          .addObject()
          .put("action", "replace")
          .put("target_label", "metrics_path")
          .putArray("source_labels")
          .add("__metrics_path__");
      cadvisor.set("metric_relabel_configs", kubePrometheusStackRelabelings());
    } else {
      JsonNode shipped = plainJob(CADVISOR_JOB);
      ArrayNode relabel = cadvisor.putArray("relabel_configs");
      for (JsonNode r : shipped.path("relabel_configs")) {
        if (!readsOnlyDiscoveryLabels(r)) {
          relabel.add(r);
        }
      }
      cadvisor.set("metric_relabel_configs", shipped.required("metric_relabel_configs"));
    }
    staticTarget(cadvisor, targets.cadvisor(), cadvisorLabels);

    if (targets.agent().isPresent()) {
      ObjectNode agent = jobs.addObject().put("job_name", AGENT_JOB);
      agent.put(
          "honor_labels",
          install == Install.KUBE_PROMETHEUS_STACK
              ? agentServiceMonitorHonorsLabels()
              : plainJob(AGENT_JOB).required("honor_labels").asBoolean());
      Map<String, String> agentLabels = new LinkedHashMap<>(nodeLabels);
      // The agent pod's own namespace/pod target labels, which honor_labels must let the shim's
      // labels override.
      agentLabels.put("namespace", "cni-metrics");
      agentLabels.put("pod", "cni-metrics-agent-x");
      staticTarget(agent, targets.agent().get(), agentLabels);
    }
    if (targets.kubeStateMetrics().isPresent()) {
      ObjectNode ksm = jobs.addObject().put("job_name", KSM_JOB).put("honor_labels", true);
      Map<String, String> ksmLabels = new LinkedHashMap<>();
      cluster.ifPresent(c -> ksmLabels.put("cluster", c));
      staticTarget(ksm, targets.kubeStateMetrics().get(), ksmLabels);
    }
    return config;
  }

  /** The values fragment's cAdvisorMetricRelabelings with the operator's key translation. */
  private static ArrayNode kubePrometheusStackRelabelings() throws IOException {
    JsonNode values =
        YAML.readTree(PROMETHEUS.resolve("kube-prometheus-stack-values.yaml").toFile());
    JsonNode list = values.path("kubelet").path("serviceMonitor").path("cAdvisorMetricRelabelings");
    if (!list.isArray() || list.isEmpty()) {
      throw new AssertionError(
          "kube-prometheus-stack-values.yaml has no cAdvisorMetricRelabelings");
    }
    Map<String, String> keys =
        Map.of("sourceLabels", "source_labels", "targetLabel", "target_label");
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode rule : list) {
      ObjectNode translated = out.addObject();
      rule.properties()
          .forEach(e -> translated.set(keys.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
    }
    return out;
  }

  private static boolean agentServiceMonitorHonorsLabels() throws IOException {
    Path file = INSTALL.resolve("kubernetes/base/servicemonitors.yaml");
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (AGENT_JOB.equals(doc.path("metadata").path("name").asText())) {
          return doc.path("spec").path("endpoints").path(0).path("honorLabels").asBoolean(false);
        }
      }
    }
    throw new AssertionError(file + " has no ServiceMonitor " + AGENT_JOB);
  }

  private static boolean readsOnlyDiscoveryLabels(JsonNode relabel) {
    JsonNode sources = relabel.path("source_labels");
    if (!sources.isArray() || sources.isEmpty()) {
      return false;
    }
    for (JsonNode s : sources) {
      if (!s.asText().startsWith("__meta_kubernetes_")) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode plainJob(String name) throws IOException {
    JsonNode shipped = YAML.readTree(PROMETHEUS.resolve("scrape-config.yml").toFile());
    for (JsonNode job : shipped.path("scrape_configs")) {
      if (name.equals(job.path("job_name").asText())) {
        return job;
      }
    }
    throw new AssertionError(PROMETHEUS.resolve("scrape-config.yml") + " has no job " + name);
  }

  private static void staticTarget(ObjectNode job, String target, Map<String, String> labels) {
    ObjectNode sc = job.putArray("static_configs").addObject();
    sc.putArray("targets").add(target);
    ObjectNode l = sc.putObject("labels");
    labels.forEach(l::put);
  }
}
