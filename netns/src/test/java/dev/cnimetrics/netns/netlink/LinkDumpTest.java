package dev.cnimetrics.netns.netlink;

import static dev.cnimetrics.netns.netlink.NlBytes.nested;
import static dev.cnimetrics.netns.netlink.NlBytes.s32;
import static dev.cnimetrics.netns.netlink.NlBytes.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkDumpTest {
  private static final int SEQ = 5;

  private static byte[] veth(String name, int peer, int nsid) {
    return NlBytes.concat(
        string(3, name), s32(5, peer), s32(37, nsid), nested(18, string(1, "veth")));
  }

  @Test
  void collectsLinksAcrossDatagramsUntilDone() throws NetnsException {
    LinkDump dump = new LinkDump(SEQ);
    dump.accept(
        new NlBytes()
            .link(SEQ, 2, 1, 0x49, string(3, "lo"))
            .link(SEQ, 2, 12, 0x1003, veth("eni0a1b2c3d", 2, 4))
            .datagram());
    assertFalse(dump.done());
    dump.accept(
        new NlBytes().link(SEQ, 2, 13, 0x1003, veth("lxc0a1b2c3d", 7, 5)).done(SEQ, 0).datagram());

    assertTrue(dump.done());
    assertFalse(dump.interrupted());
    assertEquals(
        List.of(
            new Link(1, "lo", "", 0x49, 0, Link.NO_NSID),
            new Link(12, "eni0a1b2c3d", "veth", 0x1003, 2, 4),
            new Link(13, "lxc0a1b2c3d", "veth", 0x1003, 7, 5)),
        dump.links());
    assertTrue(dump.links().get(0).isLoopback());
  }

  @Test
  void parsesALinkAsThisKernelSentIt() throws IOException, NetnsException {
    // RTM_GETLINK reply for a veth whose peer eth0 (ifindex 2) is in the namespace with nsid 0,
    // captured on Linux 6.18 with statistics skipped: 1144 bytes, most of it IFLA_AF_SPEC
    LinkReply reply = new LinkReply(7);
    reply.accept(fixture("netlink/rtm_newlink_veth.hex"));
    assertEquals(new Link(430, "eni0cap0beef", "veth", 0x1002, 2, 0), reply.link().orElseThrow());
  }

  @Test
  void skipsRepliesToOtherRequests() throws NetnsException {
    LinkDump dump = new LinkDump(SEQ);
    dump.accept(
        new NlBytes()
            .link(SEQ - 1, 2, 9, 0, string(3, "stale"))
            .done(SEQ - 1, 0)
            .link(SEQ, 2, 10, 0, string(3, "eth0"))
            .done(SEQ, 0)
            .datagram());
    assertEquals(List.of("eth0"), dump.links().stream().map(Link::name).toList());
  }

  @Test
  void flagsAnInterruptedDump() throws NetnsException {
    LinkDump dump = new LinkDump(SEQ);
    dump.accept(
        new NlBytes().link(SEQ, 2 | 0x10, 10, 0, string(3, "eth0")).done(SEQ, 0).datagram());
    assertTrue(dump.interrupted());
  }

  @Test
  void anErrorReplyNamesTheRequestAndTheErrno() {
    LinkDump dump = new LinkDump(SEQ);
    NetnsException e =
        assertThrows(
            NetnsException.class, () -> dump.accept(new NlBytes().error(SEQ, -1).datagram()));
    assertEquals(NetnsErrorReason.NETLINK_FAILED, e.reason());
    assertEquals("netlink RTM_GETLINK dump: Operation not permitted", e.getMessage());
  }

  @Test
  void aDumpThatFailsHalfWaySaysSoInDone() {
    LinkDump dump = new LinkDump(SEQ);
    NetnsException e =
        assertThrows(
            NetnsException.class, () -> dump.accept(new NlBytes().done(SEQ, -105).datagram()));
    assertEquals("netlink RTM_GETLINK dump: No buffer space available", e.getMessage());
  }

  @Test
  void rejectsAMessageLongerThanTheDatagram() {
    ByteBuffer datagram = new NlBytes().link(SEQ, 2, 10, 0, string(3, "eth0")).datagram();
    datagram.putInt(0, 4096);
    NetnsException e = assertThrows(NetnsException.class, () -> new LinkDump(SEQ).accept(datagram));
    assertEquals(
        "netlink RTM_GETLINK dump: malformed reply: message length 4096 at offset 0 of a 44-byte"
            + " datagram",
        e.getMessage());
  }

  @Test
  void rejectsAnAttributeLongerThanItsMessage() {
    ByteBuffer datagram = new NlBytes().link(SEQ, 2, 10, 0, string(3, "eth0")).datagram();
    datagram.putShort(32, (short) 200);
    NetnsException e = assertThrows(NetnsException.class, () -> new LinkDump(SEQ).accept(datagram));
    assertEquals(
        "netlink RTM_GETLINK dump: malformed reply: attribute length 200 at offset 32 (end 44)",
        e.getMessage());
  }

  @Test
  void rejectsALinkWithoutAName() {
    ByteBuffer datagram = new NlBytes().link(SEQ, 2, 10, 0, s32(5, 3)).datagram();
    NetnsException e = assertThrows(NetnsException.class, () -> new LinkDump(SEQ).accept(datagram));
    assertEquals(
        "netlink RTM_GETLINK dump: malformed reply: link 10 has no IFLA_IFNAME", e.getMessage());
  }

  @Test
  void rejectsAShortInteger() {
    ByteBuffer datagram =
        new NlBytes()
            .link(SEQ, 2, 10, 0, string(3, "eth0"), NlBytes.attribute(5, new byte[2]))
            .datagram();
    NetnsException e = assertThrows(NetnsException.class, () -> new LinkDump(SEQ).accept(datagram));
    assertEquals(
        "netlink RTM_GETLINK dump: malformed reply: attribute 5 has 2 bytes, expected 4",
        e.getMessage());
  }

  private static ByteBuffer fixture(String name) throws IOException {
    try (InputStream in = LinkDumpTest.class.getClassLoader().getResourceAsStream(name)) {
      String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
      return ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.nativeOrder());
    }
  }
}
