package dev.cnimetrics.testkit.cri;

import java.util.Objects;
import java.util.UUID;

/**
 * A test pod to create.
 *
 * @param name pod name (also the hostname of a pod-network sandbox)
 * @param namespace pod namespace
 * @param uid pod uid
 * @param hostNetwork true for a sandbox in the node's network namespace
 */
public record PodRequest(String name, String namespace, String uid, boolean hostNetwork) {
  public PodRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(uid, "uid");
  }

  /** A pod with a fresh random uid, like the API server would give it. */
  public static PodRequest of(String name, String namespace, boolean hostNetwork) {
    return new PodRequest(name, namespace, UUID.randomUUID().toString(), hostNetwork);
  }
}
