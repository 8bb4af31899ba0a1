package dev.cnimetrics.aggregator.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The startup RBAC check against fabric8's mock API server in expectation mode: it answers each
 * SelfSubjectAccessReview like an API server with install/'s two Roles (pods in the agents'
 * namespace, the Lease in the aggregator's), minus some rules.
 */
@EnableKubernetesMockClient
class RbacCheckTest {
  static final String AGENTS = "cni-metrics";
  static final String OWN = "cni-metrics-aggregator";

  KubernetesMockServer server;
  KubernetesClient client;

  private void grantAllBut(Set<String> denied) {
    ObjectMapper json = new ObjectMapper();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReply(
            201,
            request -> {
              try {
                JsonNode review = json.readTree(request.getUtf8Body());
                JsonNode attrs = review.path("spec").path("resourceAttributes");
                String key = attrs.path("verb").asText() + " " + attrs.path("resource").asText();
                boolean lease = attrs.path("resource").asText().equals("leases");
                boolean ns = attrs.path("namespace").asText().equals(lease ? OWN : AGENTS);
                // As the shipped Role: lease get/update only on the lease named in it.
                boolean named =
                    !lease
                        || attrs.path("verb").asText().equals("create")
                        || attrs.path("name").asText().equals("cni-metrics-aggregator");
                ns = ns && named;
                ((com.fasterxml.jackson.databind.node.ObjectNode) review)
                    .putObject("status")
                    .put("allowed", ns && !denied.contains(key));
                return review;
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .always();
  }

  @Test
  void allGrantedMeansNothingMissing() {
    grantAllBut(Set.of());
    assertEquals(List.of(), RbacCheck.missing(client, AGENTS, OWN, "cni-metrics-aggregator"));
  }

  @Test
  void namesExactlyTheMissingPermissionsAndWhere() {
    grantAllBut(Set.of("watch pods", "create leases"));
    List<String> missing = RbacCheck.missing(client, AGENTS, OWN, "cni-metrics-aggregator");
    assertEquals(
        List.of(
            "watch pods in namespace \"cni-metrics\"",
            "create leases.coordination.k8s.io in namespace \"cni-metrics-aggregator\""),
        missing);
    assertEquals(
        "RBAC: this service account may not watch pods in namespace \"cni-metrics\", create"
            + " leases.coordination.k8s.io in namespace \"cni-metrics-aggregator\"; expected"
            + " Roles bound to it with pods get/list/watch in the agents' namespace and"
            + " coordination.k8s.io leases get/create/update in the Lease's (install/ ships both)",
        RbacCheck.message(missing));
  }

  @Test
  void leaseRightsAreAskedForTheLeaseByName() {
    grantAllBut(Set.of());
    assertEquals(
        List.of(
            "get leases.coordination.k8s.io in namespace \"cni-metrics-aggregator\"",
            "update leases.coordination.k8s.io in namespace \"cni-metrics-aggregator\""),
        RbacCheck.missing(client, AGENTS, OWN, "another-lease"));
  }

  @Test
  void podsAreAskedInTheAgentsNamespaceAndLeasesInTheLeases() {
    grantAllBut(Set.of());
    assertEquals(
        List.of(
            "get leases.coordination.k8s.io in namespace \"cni-metrics\"",
            "create leases.coordination.k8s.io in namespace \"cni-metrics\"",
            "update leases.coordination.k8s.io in namespace \"cni-metrics\""),
        RbacCheck.missing(client, AGENTS, AGENTS, "cni-metrics-aggregator"));
    assertEquals(
        List.of(
            "get pods in namespace \"cni-metrics-aggregator\"",
            "list pods in namespace \"cni-metrics-aggregator\"",
            "watch pods in namespace \"cni-metrics-aggregator\""),
        RbacCheck.missing(client, OWN, OWN, "cni-metrics-aggregator"));
  }

  @Test
  void anotherNamespaceIsNotEnough() {
    grantAllBut(Set.of());
    assertEquals(
        6,
        RbacCheck.missing(client, "kube-system", "kube-system", "cni-metrics-aggregator").size());
  }
}
