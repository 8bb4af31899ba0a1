package dev.cnimetrics.netns.setns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.PodInterface;
import dev.cnimetrics.netns.netlink.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodPeersTest {
  private static final int HOST_ID_IN_POD = 0;
  private static final int POD_NSID = 7;
  private static final Link LO = new Link(1, "lo", "", 0x49, 0, Link.NO_NSID);
  private static final Link HOST_ENI = new Link(40, "eni0a1b2c3d", "veth", 0x1003, 2, POD_NSID);

  private final List<Integer> lookedUp = new ArrayList<>();

  private List<PodInterface> interfaces(HostLinks host, Link... podLinks) throws NetnsException {
    PodView view = new PodView(POD_NSID, HOST_ID_IN_POD, List.of(podLinks));
    return PodPeers.interfaces(
        view,
        host,
        ifindex -> {
          lookedUp.add(ifindex);
          return ifindex == 41
              ? Optional.of(new Link(41, "lxc0a1b2c3d", "veth", 0, 3, POD_NSID))
              : Optional.empty();
        });
  }

  private static PodInterface named(String name, int ifindex, HostPeer peer, String kind) {
    return new PodInterface(Optional.of(name), ifindex, Optional.ofNullable(peer), kind);
  }

  @Test
  void aVethIntoTheHostGetsItsPeerFromTheDump() throws NetnsException {
    Link eth0 = new Link(2, "eth0", "veth", 0x1003, 40, HOST_ID_IN_POD);
    assertEquals(
        List.of(named("eth0", 2, new HostPeer(40, "eni0a1b2c3d"), "veth")),
        interfaces(new HostLinks(List.of(HOST_ENI)), LO, eth0));
    assertEquals(List.of(), lookedUp);
  }

  @Test
  void aPeerNewerThanTheDumpIsLookedUp() throws NetnsException {
    Link net1 = new Link(3, "net1", "veth", 0x1003, 41, HOST_ID_IN_POD);
    Link gone = new Link(4, "net2", "netkit", 0x1003, 42, HOST_ID_IN_POD);
    assertEquals(
        List.of(
            named("net1", 3, new HostPeer(41, "lxc0a1b2c3d"), "veth"),
            named("net2", 4, null, "netkit")),
        interfaces(new HostLinks(List.of(HOST_ENI)), gone, net1));
    assertEquals(List.of(42, 41), lookedUp);
  }

  @Test
  void aDumpEntryThatDoesNotPointBackIsNotTrusted() throws NetnsException {
    Link eth0 = new Link(2, "eth0", "veth", 0x1003, 41, HOST_ID_IN_POD);
    Link reused = new Link(41, "eni0olderone", "veth", 0x1003, 9, 3);
    assertEquals(
        List.of(named("eth0", 2, new HostPeer(41, "lxc0a1b2c3d"), "veth")),
        interfaces(new HostLinks(List.of(reused)), eth0));
  }

  @Test
  void interfacesWithoutAHostPeer() throws NetnsException {
    Link macvlanOnHostParent = new Link(2, "eth0", "macvlan", 0x1003, 40, HOST_ID_IN_POD);
    Link vethToOtherPod = new Link(3, "net2", "veth", 0x1003, 5, 1);
    Link moved = new Link(4, "net3", "", 0x1003, 0, Link.NO_NSID);
    assertEquals(
        List.of(
            named("eth0", 2, null, "macvlan"),
            named("net2", 3, null, "veth"),
            named("net3", 4, null, "")),
        interfaces(
            new HostLinks(List.of(HOST_ENI)), LO, macvlanOnHostParent, vethToOtherPod, moved));
    assertEquals(List.of(), lookedUp);
  }
}
