package dev.cnimetrics.netns;

import dev.cnimetrics.netns.netlink.Link;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One RTM_GETLINK dump of the host namespace. Take one per refresh ({@link
 * PeerResolver#hostLinks()}), use it to check cached answers ({@link #stillMatches}) and to resolve
 * the pods that need it. Immutable.
 */
public final class HostLinks {
  private final Map<Integer, Link> byIndex = new HashMap<>();
  private final Map<Integer, List<Link>> pairsByNsid = new HashMap<>();

  public HostLinks(Collection<Link> links) {
    for (Link link : links) {
      byIndex.put(link.ifindex(), link);
      if (link.peersInto(link.linkNetnsid())) {
        pairsByNsid.computeIfAbsent(link.linkNetnsid(), k -> new ArrayList<>()).add(link);
      }
    }
    pairsByNsid.values().forEach(l -> l.sort(Comparator.comparingInt(Link::linkIndex)));
  }

  public Optional<Link> link(int ifindex) {
    return Optional.ofNullable(byIndex.get(ifindex));
  }

  /** The host's veth/netkit links whose other end is in namespace {@code nsid}, by pod ifindex. */
  public List<Link> pairsInto(int nsid) {
    return List.copyOf(pairsByNsid.getOrDefault(nsid, List.of()));
  }

  public int size() {
    return byIndex.size();
  }

  /**
   * True when a cached answer still holds in this dump: every host peer still exists with the same
   * name and points back to the same pod ifindex in the same namespace, and no other host link
   * points into that namespace. An answer without any host peer never "still matches", so such pods
   * are resolved again (a peer may have appeared; both methods are cheap for them).
   */
  public boolean stillMatches(PodResolution.Resolved cached) {
    int nsid = cached.nsid();
    List<PodInterface> peered =
        cached.interfaces().stream().filter(i -> i.hostPeer().isPresent()).toList();
    if (nsid == Link.NO_NSID || peered.isEmpty()) {
      return false;
    }
    if (pairsByNsid.getOrDefault(nsid, List.of()).size() != peered.size()) {
      return false;
    }
    for (PodInterface i : peered) {
      HostPeer peer = i.hostPeer().orElseThrow();
      Link now = byIndex.get(peer.ifindex());
      if (now == null
          || !now.name().equals(peer.name())
          || now.linkIndex() != i.podIfindex()
          || now.linkNetnsid() != nsid) {
        return false;
      }
    }
    return true;
  }
}
