package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.PodInterface;
import dev.cnimetrics.netns.netlink.Link;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Turns the links seen inside a pod into its interfaces with their host peers (pure). */
final class PodPeers {
  /** Looks a host link up when the refresh's dump predates it. */
  interface HostLookup {
    Optional<Link> link(int ifindex) throws NetnsException;
  }

  private PodPeers() {}

  static List<PodInterface> interfaces(PodView view, HostLinks hostLinks, HostLookup lookup)
      throws NetnsException {
    List<PodInterface> interfaces = new ArrayList<>();
    for (Link link : view.links()) {
      if (link.isLoopback()) {
        continue;
      }
      Optional<HostPeer> peer = Optional.empty();
      if (link.peersInto(view.hostIdInPod())) {
        peer = hostPeer(link, view.nsid(), hostLinks, lookup);
      }
      interfaces.add(new PodInterface(Optional.of(link.name()), link.ifindex(), peer, link.kind()));
    }
    interfaces.sort(Comparator.comparingInt(PodInterface::podIfindex));
    return interfaces;
  }

  /**
   * The host link the pod link points at, taken from the dump when it points back at the pod link
   * (ifindexes are reused only after wrap-around, but the dump may be older than the pod), else
   * asked for. Empty if it vanished meanwhile.
   */
  private static Optional<HostPeer> hostPeer(
      Link podLink, int nsid, HostLinks hostLinks, HostLookup lookup) throws NetnsException {
    Optional<Link> host =
        hostLinks
            .link(podLink.linkIndex())
            .filter(h -> h.linkIndex() == podLink.ifindex() && h.linkNetnsid() == nsid);
    if (host.isEmpty()) {
      host = lookup.link(podLink.linkIndex());
    }
    return host.map(h -> new HostPeer(h.ifindex(), h.name()));
  }
}
