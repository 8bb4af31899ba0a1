package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.netns.netlink.Link;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostLinksTest {
  private static final Link LO = new Link(1, "lo", "", 0x49, 0, Link.NO_NSID);
  private static final Link ETH0 = new Link(2, "eth0", "", 0x1003, 0, Link.NO_NSID);
  private static final Link ENI = new Link(10, "eni0a1b2c3d", "veth", 0x1003, 2, 3);
  private static final Link LXC = new Link(11, "lxc0a1b2c3d", "veth", 0x1003, 5, 3);
  private static final Link NETKIT = new Link(12, "lxc00000001", "netkit", 0x1003, 2, 4);
  private static final Link MACVLAN = new Link(13, "mv0", "macvlan", 0x1003, 2, 5);

  private static PodInterface peered(int podIfindex, Link host) {
    return new PodInterface(
        Optional.empty(),
        podIfindex,
        Optional.of(new HostPeer(host.ifindex(), host.name())),
        host.kind());
  }

  private static PodResolution.Resolved answer(int nsid, PodInterface... interfaces) {
    return new PodResolution.Resolved(
        new PodNetns("s", "/p"), nsid, List.of(interfaces), NetnsMethod.NETLINK);
  }

  @Test
  void pairsIntoANamespaceAreItsVethsAndNetkitsByPodIfindex() {
    HostLinks links = new HostLinks(List.of(LO, ETH0, LXC, ENI, NETKIT, MACVLAN));
    assertEquals(List.of(ENI, LXC), links.pairsInto(3));
    assertEquals(List.of(NETKIT), links.pairsInto(4));
    assertEquals(List.of(), links.pairsInto(5), "a macvlan's IFLA_LINK is its parent, not a peer");
    assertEquals(List.of(), links.pairsInto(Link.NO_NSID));
    assertEquals(6, links.size());
  }

  @Test
  void aCachedAnswerStillMatchesAnUnchangedDump() {
    HostLinks links = new HostLinks(List.of(ETH0, ENI, LXC));
    assertTrue(links.stillMatches(answer(3, peered(2, ENI), peered(5, LXC))));
  }

  @Test
  void anyChangeToTheHostLinksInvalidatesIt() {
    PodResolution.Resolved cached = answer(3, peered(2, ENI), peered(5, LXC));
    Link renamed = new Link(10, "eni0ffffffff", "veth", 0x1003, 2, 3);
    Link repointed = new Link(10, "eni0a1b2c3d", "veth", 0x1003, 9, 3);
    Link extra = new Link(14, "eni0e5e5e5e5", "veth", 0x1003, 7, 3);
    assertFalse(new HostLinks(List.of(LXC)).stillMatches(cached), "one gone");
    assertFalse(new HostLinks(List.of(renamed, LXC)).stillMatches(cached), "renamed");
    assertFalse(new HostLinks(List.of(repointed, LXC)).stillMatches(cached), "other peer");
    assertFalse(new HostLinks(List.of(ENI, LXC, extra)).stillMatches(cached), "one more");
  }

  @Test
  void anAnswerWithoutHostPeersIsAlwaysResolvedAgain() {
    HostLinks links = new HostLinks(List.of(ETH0));
    assertFalse(links.stillMatches(answer(3)));
    assertFalse(links.stillMatches(answer(Link.NO_NSID)));
  }
}
