package dev.cnimetrics.agent.shim;

import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.PodInterface;
import java.util.List;

/**
 * Decides the {@code pod_interface} label. Pure.
 *
 * <p>With {@code setns} the kernel tells the name inside the pod. With {@code netlink} the host
 * only knows the peer's ifindex, so the name comes from the runtime's CNI result, and only where
 * that result is unambiguous: the host peer is an interface the result names on the host side, and
 * the result names exactly one pod-side interface besides {@code lo}. The CNI result does not pair
 * host and pod interfaces, so anything else (a second interface a CNI chain or a person added,
 * cri-o, which keeps no CNI result) gets an empty name: unknown, never a guess.
 */
public final class PodInterfaceNames {

  static final String LOOPBACK = "lo";

  private PodInterfaceNames() {}

  public static String podInterface(Sandbox sandbox, PodInterface podSide, HostPeer hostPeer) {
    if (podSide.podName().isPresent()) {
      return podSide.podName().get();
    }
    if (!sandbox.cniHostInterfaces().contains(hostPeer.name())) {
      return "";
    }
    List<String> podSideNames =
        sandbox.cniPodInterfaces().stream().filter(n -> !n.equals(LOOPBACK)).toList();
    return podSideNames.size() == 1 ? podSideNames.get(0) : "";
  }
}
