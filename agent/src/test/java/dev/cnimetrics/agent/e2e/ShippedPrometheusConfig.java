package dev.cnimetrics.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Prometheus configuration built from what install/prometheus/ ships: the cAdvisor job's
 * metric_relabel_configs and the agent job's honor_labels from scrape-config.yml, and the rule file
 * itself. Kubernetes service discovery cannot run here, so targets are static and carry the labels
 * the shipped relabel_configs would give them ({@code node}; for the agent also its own namespace
 * and pod, which honor_labels must let the shim's labels override).
 */
final class ShippedPrometheusConfig {

  static final Path INSTALL = Path.of("..", "install", "prometheus").toAbsolutePath().normalize();
  static final String CADVISOR_JOB = "kubelet";
  static final String AGENT_JOB = "cni-metrics-agent";

  private ShippedPrometheusConfig() {}

  static JsonNode build(String node, String cadvisorTarget, String agentTarget) throws Exception {
    JsonNode shipped = new YAMLMapper().readTree(INSTALL.resolve("scrape-config.yml").toFile());
    JsonNode cadvisor = job(shipped, CADVISOR_JOB);
    JsonNode agent = job(shipped, AGENT_JOB);
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.putObject("global").put("scrape_interval", "1s").put("evaluation_interval", "1s");
    config.putArray("rule_files").add(INSTALL.resolve("cni-metrics.rules.yml").toString());
    ArrayNode jobs = config.putArray("scrape_configs");
    ObjectNode c = jobs.addObject().put("job_name", CADVISOR_JOB);
    c.put("metrics_path", cadvisor.path("metrics_path").asText());
    staticTarget(c, cadvisorTarget, Map.of("node", node));
    c.set("metric_relabel_configs", cadvisor.required("metric_relabel_configs"));
    ObjectNode a = jobs.addObject().put("job_name", AGENT_JOB);
    a.put("honor_labels", agent.required("honor_labels").asBoolean());
    staticTarget(
        a,
        agentTarget,
        Map.of("node", node, "namespace", "cni-metrics", "pod", "cni-metrics-agent-x"));
    return config;
  }

  private static JsonNode job(JsonNode shipped, String name) {
    for (JsonNode job : shipped.path("scrape_configs")) {
      if (name.equals(job.path("job_name").asText())) {
        return job;
      }
    }
    throw new AssertionError(INSTALL.resolve("scrape-config.yml") + " has no job " + name);
  }

  private static void staticTarget(ObjectNode job, String target, Map<String, String> labels) {
    ObjectNode sc = job.putArray("static_configs").addObject();
    sc.putArray("targets").add(target);
    ObjectNode l = sc.putObject("labels");
    labels.forEach(l::put);
  }
}
