package dev.cnimetrics.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.ReportJson;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * install/'s layout, the whole program in Kubernetes mode: the agents in their namespace (Pod
 * Security "privileged"), the aggregator and its Lease in a namespace of its own ("restricted"),
 * with exactly the rights install/'s two Roles give. fabric8's mock API server in CRUD mode holds
 * the pods and the Lease; its SelfSubjectAccessReview answers emulate those Roles (CRUD mode would
 * only store the review).
 */
@EnableKubernetesMockClient(crud = true)
class SplitNamespacesTest {
  static final String AGENTS = "cni-metrics";
  static final String OWN = "cni-metrics-aggregator";
  static final String LEASE = "cni-metrics-aggregator";

  KubernetesMockServer server;
  KubernetesClient client;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> asked = new ArrayList<>();

  /**
   * Pods get/list/watch in the agents' namespace; the Lease by name (create unnamed) in its own.
   */
  private void grantAsTheShippedRoles() {
    ObjectMapper json = new ObjectMapper();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReply(
            201,
            request -> {
              try {
                ObjectNode review = (ObjectNode) json.readTree(request.getUtf8Body());
                JsonNode a = review.path("spec").path("resourceAttributes");
                String resource = a.path("resource").asText();
                String namespace = a.path("namespace").asText();
                boolean allowed =
                    resource.equals("pods")
                        ? namespace.equals(AGENTS)
                        : resource.equals("leases")
                            && namespace.equals(OWN)
                            && (a.path("verb").asText().equals("create")
                                || a.path("name").asText().equals(LEASE));
                synchronized (asked) {
                  asked.add(a.path("verb").asText() + " " + resource + " " + namespace);
                }
                review.putObject("status").put("allowed", allowed);
                return review;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .always();
  }

  private static Pod agentPod(String namespace, String name, String node, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of("app.kubernetes.io/name", "cni-metrics-agent"))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  private int run(Map<String, String> env, String... args) {
    return AggregatorMain.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        client);
  }

  @Test
  void agentsInTheirNamespaceLeaseInItsOwn() throws Exception {
    grantAsTheShippedRoles();
    try (FakeAgentFleet fleet =
        FakeAgentFleet.onePortManyAddresses(
            2,
            (i, n) ->
                ReportJson.node("node-" + i)
                    .gauge("assignIPAddresses", 7)
                    .counter("addReqCount", 10.0 * n)
                    .json())) {
      int port = fleet.addresses().get(0).getPort();
      client
          .pods()
          .inNamespace(AGENTS)
          .resource(agentPod(AGENTS, "a", "node-0", "127.0.0.1"))
          .create();
      // Same label in the aggregator's own namespace: not an agent of this install.
      client
          .pods()
          .inNamespace(OWN)
          .resource(agentPod(OWN, "decoy", "node-1", "127.0.0.2"))
          .create();

      int code =
          run(
              Map.of("POD_NAMESPACE", OWN, "POD_NAME", "aggregator-0", "AWS_CLUSTER_ID", "e2e"),
              "--agent-namespace",
              AGENTS,
              "--agent-port",
              Integer.toString(port),
              "--interval",
              "1s",
              "--cycles",
              "3",
              "--sinks",
              "emf",
              "--listen",
              "127.0.0.1:0",
              "--imds=false",
              "--lease-duration",
              "3s",
              "--renew-deadline",
              "2s",
              "--retry-period",
              "250ms");
      assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(3, lines.length, out.toString(StandardCharsets.UTF_8));
      JsonNode last = new ObjectMapper().readTree(lines[2]);
      assertEquals(1.0, last.get("nodesExpected").asDouble(), "only the agents' namespace counts");
      assertEquals(1.0, last.get("nodesReporting").asDouble());
      assertEquals(7.0, last.get("assignIPAddresses").asDouble());
      assertEquals(0, fleet.scrapes(1), "the decoy in the aggregator's namespace is never asked");

      assertNotNull(client.leases().inNamespace(OWN).withName(LEASE).get(), "Lease in its own");
      assertNull(client.leases().inNamespace(AGENTS).withName(LEASE).get());
      synchronized (asked) {
        assertTrue(asked.contains("watch pods " + AGENTS), asked.toString());
        assertTrue(asked.contains("update leases " + OWN), asked.toString());
      }
    }
  }
}
