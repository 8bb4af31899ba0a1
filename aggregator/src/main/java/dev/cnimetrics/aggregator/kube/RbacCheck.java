package dev.cnimetrics.aggregator.kube;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the API server (SelfSubjectAccessReview) whether this service account may do everything the
 * aggregator needs: read the agent pods in their namespace and hold the Lease in its own (the two
 * may differ: install/ runs the aggregator in a namespace of its own). A missing Role rule is named
 * at startup instead of surfacing later as a silent informer or election failure.
 */
public final class RbacCheck {
  /**
   * One permission: verb on resource in API group ("" = core); {@code named}: asked for the lease
   * by name, so a Role that grants it only with {@code resourceNames} passes (create cannot be
   * limited by name: the object has none yet when the request is authorised). Pods are asked in the
   * agents' namespace, leases in the Lease's.
   */
  record Permission(String verb, String group, String resource, boolean named) {
    boolean onLease() {
      return resource.equals("leases");
    }

    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? resource : resource + "." + group);
    }
  }

  static final List<Permission> NEEDED =
      List.of(
          new Permission("get", "", "pods", false),
          new Permission("list", "", "pods", false),
          new Permission("watch", "", "pods", false),
          new Permission("get", "coordination.k8s.io", "leases", true),
          new Permission("create", "coordination.k8s.io", "leases", false),
          new Permission("update", "coordination.k8s.io", "leases", true));

  private RbacCheck() {}

  /**
   * The permissions this identity lacks, each as {@code verb resource in namespace "ns"}; empty
   * when all are granted.
   */
  public static List<String> missing(
      KubernetesClient client, String agentNamespace, String leaseNamespace, String leaseName) {
    List<String> out = new ArrayList<>();
    for (Permission p : NEEDED) {
      String namespace = p.onLease() ? leaseNamespace : agentNamespace;
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withNamespace(namespace)
              .withVerb(p.verb())
              .withGroup(p.group())
              .withResource(p.resource())
              .withName(p.named() ? leaseName : null)
              .endResourceAttributes()
              .endSpec()
              .build();
      SelfSubjectAccessReview answer =
          client.authorization().v1().selfSubjectAccessReview().create(review);
      if (answer == null
          || answer.getStatus() == null
          || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
        out.add(p + " in namespace \"" + namespace + "\"");
      }
    }
    return out;
  }

  /** The one line to print when permissions are missing. */
  public static String message(List<String> missing) {
    return "RBAC: this service account may not "
        + String.join(", ", missing)
        + "; expected Roles bound to it with pods get/list/watch in the agents' namespace and"
        + " coordination.k8s.io leases get/create/update in the Lease's (install/ ships both)";
  }
}
