package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.netns.netlink.NetlinkResolver;
import dev.cnimetrics.netns.setns.SetnsResolver;
import dev.cnimetrics.netns.testing.NetnsLab;
import dev.cnimetrics.netns.testing.ThreadCapabilities;
import dev.cnimetrics.testkit.host.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each method needs, proven on a thread with an empty effective capability set (root's uid, no
 * capabilities, like an agent container that drops ALL): netlink resolves; setns is refused with
 * its one-line messages.
 */
class CapabilityIT {
  private static NetnsLab lab;
  private static List<PodNetns> pods;

  @TempDir Path tmp;

  @BeforeAll
  static void topology() {
    lab = NetnsLab.start();
    try {
      pods = new ArrayList<>();
      for (NetnsLab.Netns ns : List.of(lab.pod("eni"), lab.pod("lxc"))) {
        pods.add(new PodNetns(ns.name(), ns.path()));
      }
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

  private static <T> T withoutCapabilities(Callable<T> work) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread
          .submit(
              () -> {
                ThreadCapabilities.dropEffective();
                return work.call();
              })
          .get();
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void netlinkNeedsNoCapability() throws Exception {
    List<PodResolution> withRoot;
    try (PeerResolver netlink = NetlinkResolver.open(ResolutionErrors.NONE)) {
      withRoot = netlink.resolve(netlink.hostLinks(), pods);
    }
    List<PodResolution> withNone =
        withoutCapabilities(
            () -> {
              assertEquals(0, Capabilities.current().effective());
              try (PeerResolver netlink =
                  PeerResolvers.open(
                      NetnsMethod.NETLINK, Capabilities.current(), ResolutionErrors.NONE)) {
                return netlink.resolve(netlink.hostLinks(), pods);
              }
            });
    assertEquals(withRoot, withNone);
    for (PodResolution answer : withNone) {
      assertTrue(assertInstanceOf(PodResolution.Resolved.class, answer).hasHostPeer());
    }
  }

  @Test
  void autoWithoutTheCapabilityIsNetlink() throws Exception {
    List<PodResolution> answers =
        withoutCapabilities(
            () -> {
              try (PeerResolver auto =
                  PeerResolvers.open(
                      NetnsMethod.AUTO, Capabilities.current(), ResolutionErrors.NONE)) {
                return auto.resolve(auto.hostLinks(), pods);
              }
            });
    for (PodResolution answer : answers) {
      PodResolution.Resolved resolved = assertInstanceOf(PodResolution.Resolved.class, answer);
      assertEquals(NetnsMethod.NETLINK, resolved.source());
    }
  }

  @Test
  void setnsIsRefusedAtStart() throws Exception {
    NetnsException e =
        withoutCapabilities(
            () ->
                assertThrows(
                    NetnsException.class,
                    () ->
                        PeerResolvers.open(
                            NetnsMethod.SETNS, Capabilities.current(), ResolutionErrors.NONE)));
    assertEquals(
        "--netns-method=setns: needs CAP_SYS_ADMIN in the effective capability set, found CapEff"
            + " 0000000000000000 without it — add SYS_ADMIN to the agent container's capabilities"
            + " or use --netns-method=netlink",
        e.getMessage());
  }

  @Test
  void setnsWithoutTheCapabilityIsDeniedPerPod() throws Exception {
    List<NetnsErrorReason> counted = new ArrayList<>();
    List<PodResolution> answers =
        withoutCapabilities(
            () -> {
              try (PeerResolver setns = SetnsResolver.open(counted::add)) {
                return setns.resolve(setns.hostLinks(), pods.subList(0, 1));
              }
            });
    PodResolution.Skipped skipped = assertInstanceOf(PodResolution.Skipped.class, answers.get(0));
    assertEquals(NetnsErrorReason.SETNS_DENIED, skipped.reason());
    assertEquals(
        "setns "
            + pods.get(0).path()
            + ": Operation not permitted — the agent needs CAP_SYS_ADMIN for --netns-method=setns",
        skipped.message());
    assertEquals(List.of(NetnsErrorReason.SETNS_DENIED), counted);
  }

  @Test
  void aDirectoryTheAgentCannotSearch() throws Exception {
    Path closed = Files.createDirectory(tmp.resolve("netns"));
    Commands.run(List.of("chown", "65534:65534", closed.toString()));
    Commands.run(List.of("chmod", "700", closed.toString()));
    PodNetns pod = new PodNetns("s", closed.resolve("cni-1234").toString());
    List<PodResolution> answers =
        withoutCapabilities(
            () -> {
              try (PeerResolver netlink = NetlinkResolver.open(ResolutionErrors.NONE)) {
                return netlink.resolve(netlink.hostLinks(), List.of(pod));
              }
            });
    PodResolution.Skipped skipped = assertInstanceOf(PodResolution.Skipped.class, answers.get(0));
    assertEquals(NetnsErrorReason.NETNS_OPEN_FAILED, skipped.reason());
    assertEquals(
        "open "
            + pod.path()
            + ": Permission denied — the agent's user cannot search a directory above this file"
            + " (netns files themselves are mode 0444); fix the directory modes or the volume mount",
        skipped.message());
  }
}
