package dev.cnimetrics.netns;

import java.util.List;

/** The answer for one pod: its interfaces, or why it was skipped. */
public sealed interface PodResolution permits PodResolution.Resolved, PodResolution.Skipped {
  PodNetns pod();

  /**
   * The pod's interfaces, ordered by pod-side ifindex.
   *
   * @param nsid the id the host namespace gives the pod's namespace, -1 when none is assigned (no
   *     host link points into it)
   * @param source the method that produced this answer ({@code NETLINK} or {@code SETNS})
   */
  record Resolved(PodNetns pod, int nsid, List<PodInterface> interfaces, NetnsMethod source)
      implements PodResolution {
    public Resolved {
      interfaces = List.copyOf(interfaces);
    }

    /** False for a pod without any host-side peer: reported as "no host peer", not an error. */
    public boolean hasHostPeer() {
      return interfaces.stream().anyMatch(i -> i.hostPeer().isPresent());
    }
  }

  /** The pod could not be resolved; {@code message} is one line saying why and what to do. */
  record Skipped(PodNetns pod, NetnsErrorReason reason, String message) implements PodResolution {}
}
