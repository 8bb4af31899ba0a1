package dev.cnimetrics.netns;

import java.util.Objects;

/**
 * A pod to resolve: the caller's key for it (the CRI sandbox id) and the path of its network
 * namespace file ({@code /var/run/netns/cni-…} or {@code /proc/<pid>/ns/net}).
 */
public record PodNetns(String sandboxId, String path) {
  public PodNetns {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(path, "path");
  }
}
