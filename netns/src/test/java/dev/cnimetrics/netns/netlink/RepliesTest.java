package dev.cnimetrics.netns.netlink;

import static dev.cnimetrics.netns.netlink.NlBytes.s32;
import static dev.cnimetrics.netns.netlink.NlBytes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepliesTest {
  private static NsidReply nsidReply(int seq) {
    return new NsidReply(seq, errno -> NetnsErrors.nsid("/var/run/netns/cni-1234", errno));
  }

  @Test
  void readsTheNsid() throws NetnsException {
    NsidReply reply = nsidReply(3);
    reply.accept(new NlBytes().nsid(3, s32(1, 17)).datagram());
    assertTrue(reply.received());
    assertEquals(17, reply.nsid());
  }

  @Test
  void aNamespaceWithoutAnIdIsNotAssigned() throws NetnsException {
    NsidReply reply = nsidReply(3);
    reply.accept(new NlBytes().nsid(3, s32(1, -1)).datagram());
    assertEquals(NsidReply.NOT_ASSIGNED, reply.nsid());
  }

  @Test
  void aStaleDatagramIsNotTheReply() throws NetnsException {
    NsidReply reply = nsidReply(3);
    reply.accept(new NlBytes().nsid(2, s32(1, 9)).datagram());
    assertFalse(reply.received());
  }

  @Test
  void aFileThatIsNotANetworkNamespace() {
    NetnsException e =
        assertThrows(
            NetnsException.class,
            () -> nsidReply(3).accept(new NlBytes().error(3, -22).datagram()));
    assertEquals(NetnsErrorReason.NOT_A_NETNS, e.reason());
    assertEquals(
        "netlink RTM_GETNSID /var/run/netns/cni-1234: Invalid argument — not a network namespace"
            + " file",
        e.getMessage());
  }

  @Test
  void aReplyWithoutTheNsid() {
    NetnsException e =
        assertThrows(
            NetnsException.class,
            () -> nsidReply(3).accept(new NlBytes().nsid(3, s32(2, 5)).datagram()));
    assertEquals(
        "netlink RTM_GETNSID: malformed reply: RTM_NEWNSID without NETNSA_NSID", e.getMessage());
  }

  @Test
  void oneLinkOrNoSuchDevice() throws NetnsException {
    LinkReply found = new LinkReply(4);
    found.accept(new NlBytes().link(4, 0, 30, 0, string(3, "cali0a1b2c3d")).datagram());
    assertEquals("cali0a1b2c3d", found.link().orElseThrow().name());

    LinkReply missing = new LinkReply(4);
    missing.accept(new NlBytes().error(4, -19).datagram());
    assertTrue(missing.received());
    assertEquals(Optional.empty(), missing.link());
  }

  @Test
  void anyOtherErrorForOneLinkFails() {
    NetnsException e =
        assertThrows(
            NetnsException.class,
            () -> new LinkReply(4).accept(new NlBytes().error(4, -13).datagram()));
    assertEquals("netlink RTM_GETLINK: Permission denied", e.getMessage());
  }
}
