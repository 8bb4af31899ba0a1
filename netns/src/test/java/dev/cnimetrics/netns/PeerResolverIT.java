package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.netns.netlink.NetlinkResolver;
import dev.cnimetrics.netns.setns.SetnsResolver;
import dev.cnimetrics.netns.testing.NetnsLab;
import dev.cnimetrics.netns.testing.ToolTruth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both methods on a real topology: pods with CNI-named veths, one with eth0 and net1, one with a
 * macvlan only, a veth between two pods, and one namespace deleted between listing and resolving.
 * Expected answers come from {@code ip -d -j link}, {@code ip -j netns list} and {@code ethtool -S}
 * run on the same topology.
 */
class PeerResolverIT {
  private static NetnsLab lab;
  private static List<NetnsLab.Netns> live;
  private static NetnsLab.Netns gone;
  private static NetnsLab.Netns macvlan;
  private static NetnsLab.Netns twoInterfaces;

  @BeforeAll
  static void topology() {
    lab = NetnsLab.start();
    try {
      NetnsLab.Netns eni = lab.pod("eni");
      NetnsLab.Netns lxc = lab.pod("lxc");
      NetnsLab.Netns cali = lab.pod("cali");
      twoInterfaces = lab.pod("eni");
      lab.veth(twoInterfaces, "lxc", "net1");
      lab.podToPod(lxc, cali, "net2");
      macvlan = lab.macvlanPod();
      gone = lab.pod("cali");
      live = List.of(eni, lxc, cali, twoInterfaces, macvlan);
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  @AfterAll
  static void cleanUp() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void bothMethodsAgreeWithTheToolsAndWithEachOther() throws Exception {
    List<PodNetns> listed = new ArrayList<>();
    for (NetnsLab.Netns ns : live) {
      listed.add(new PodNetns("sandbox-" + ns.name(), ns.path()));
    }
    listed.add(new PodNetns("sandbox-gone", gone.path()));
    lab.delete(gone); // after listing, before resolving

    Map<NetnsErrorReason, Integer> netlinkErrors = new EnumMap<>(NetnsErrorReason.class);
    Map<NetnsErrorReason, Integer> setnsErrors = new EnumMap<>(NetnsErrorReason.class);
    List<PodResolution> byNetlink;
    List<PodResolution> bySetns;
    try (PeerResolver netlink = NetlinkResolver.open(r -> netlinkErrors.merge(r, 1, Integer::sum));
        PeerResolver setns = SetnsResolver.open(r -> setnsErrors.merge(r, 1, Integer::sum))) {
      byNetlink = netlink.resolve(netlink.hostLinks(), listed);
      bySetns = setns.resolve(setns.hostLinks(), listed);
    }
    ToolTruth tools = ToolTruth.read();

    for (int i = 0; i < live.size(); i++) {
      NetnsLab.Netns ns = live.get(i);
      List<PodInterface> expected = tools.inside(lab, ns);
      PodResolution.Resolved setns = assertInstanceOf(PodResolution.Resolved.class, bySetns.get(i));
      PodResolution.Resolved netlink =
          assertInstanceOf(PodResolution.Resolved.class, byNetlink.get(i));
      assertEquals(expected, setns.interfaces(), "setns, " + ns.name());
      assertEquals(ToolTruth.seenFromHost(expected), netlink.interfaces(), "netlink, " + ns.name());
      assertEquals(ToolTruth.seenFromHost(setns.interfaces()), netlink.interfaces(), "same answer");
      if (ns != macvlan) {
        assertEquals(tools.nsid(ns), netlink.nsid(), "nsid, " + ns.name());
        assertEquals(netlink.nsid(), setns.nsid(), "nsid, " + ns.name());
      }
    }

    assertEquals(
        List.of("eth0", "net1"),
        ((PodResolution.Resolved) bySetns.get(live.indexOf(twoInterfaces)))
            .interfaces().stream().map(p -> p.podName().orElseThrow()).toList());
    PodResolution.Resolved macvlanAnswer =
        (PodResolution.Resolved) bySetns.get(live.indexOf(macvlan));
    assertFalse(macvlanAnswer.hasHostPeer(), "macvlan: no host peer");
    assertEquals("macvlan", macvlanAnswer.interfaces().get(0).kind());

    String goneMessage =
        "open "
            + gone.path()
            + ": No such file or directory — the pod's network namespace is gone (sandbox stopped or"
            + " removed)";
    for (List<PodResolution> answers : List.of(byNetlink, bySetns)) {
      PodResolution.Skipped skipped =
          assertInstanceOf(PodResolution.Skipped.class, answers.get(live.size()));
      assertEquals(NetnsErrorReason.NETNS_GONE, skipped.reason());
      assertEquals(goneMessage, skipped.message());
    }
    assertEquals(Map.of(NetnsErrorReason.NETNS_GONE, 1), netlinkErrors);
    assertEquals(Map.of(NetnsErrorReason.NETNS_GONE, 1), setnsErrors);
  }

  @Test
  void autoWithTheCapabilityGivesTheSetnsAnswer() throws Exception {
    List<PodNetns> pods = live.stream().map(ns -> new PodNetns(ns.name(), ns.path())).toList();
    List<PodResolution> bySetns;
    List<PodResolution> byAuto;
    try (PeerResolver setns = SetnsResolver.open(ResolutionErrors.NONE);
        PeerResolver auto =
            PeerResolvers.open(NetnsMethod.AUTO, Capabilities.current(), ResolutionErrors.NONE)) {
      bySetns = setns.resolve(setns.hostLinks(), pods);
      byAuto = auto.resolve(auto.hostLinks(), pods);
    }
    assertEquals(bySetns, byAuto);
  }

  @Test
  void aCachedAnswerStillMatchesUntilItsHostLinkChanges() throws Exception {
    NetnsLab.Netns pod = lab.pod("lxc");
    try (PeerResolver netlink = NetlinkResolver.open(ResolutionErrors.NONE)) {
      PodNetns p = new PodNetns("sandbox", pod.path());
      PodResolution.Resolved cached =
          (PodResolution.Resolved) netlink.resolve(netlink.hostLinks(), List.of(p)).get(0);
      assertTrue(netlink.hostLinks().stillMatches(cached), "nothing changed");

      lab.veth(pod, "eni", "net1");
      assertFalse(netlink.hostLinks().stillMatches(cached), "a second interface appeared");
      PodResolution.Resolved again =
          (PodResolution.Resolved) netlink.resolve(netlink.hostLinks(), List.of(p)).get(0);
      assertEquals(2, again.interfaces().size());
      assertTrue(netlink.hostLinks().stillMatches(again));
    } finally {
      lab.delete(pod);
    }
  }
}
