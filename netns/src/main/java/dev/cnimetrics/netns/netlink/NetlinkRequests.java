package dev.cnimetrics.netns.netlink;

import static dev.cnimetrics.netns.netlink.Rtnl.IFINFOMSG_LEN;
import static dev.cnimetrics.netns.netlink.Rtnl.NLMSG_HDRLEN;

import java.nio.ByteBuffer;

/**
 * Builds the three requests this module sends. Each writes one message at index 0 of {@code out}
 * (which must be in native byte order, as the kernel reads it) and returns its length.
 */
public final class NetlinkRequests {
  private NetlinkRequests() {}

  /** RTM_GETLINK dump of every link in the socket's namespace, without statistics. */
  public static int linkDump(ByteBuffer out, int seq) {
    return getLink(out, seq, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, 0);
  }

  /** RTM_GETLINK for the one link with {@code ifindex}. */
  public static int link(ByteBuffer out, int seq, int ifindex) {
    return getLink(out, seq, Rtnl.NLM_F_REQUEST, ifindex);
  }

  /** RTM_GETNSID: the id the socket's namespace gives the namespace open as {@code fd}. */
  public static int nsid(ByteBuffer out, int seq, int fd) {
    int length = NLMSG_HDRLEN + Rtnl.RTGENMSG_LEN + 8;
    header(out, length, Rtnl.RTM_GETNSID, Rtnl.NLM_F_REQUEST, seq);
    out.putInt(NLMSG_HDRLEN, 0); // rtgen_family AF_UNSPEC and padding
    attribute(out, NLMSG_HDRLEN + Rtnl.RTGENMSG_LEN, Rtnl.NETNSA_FD, fd);
    return length;
  }

  private static int getLink(ByteBuffer out, int seq, int flags, int ifindex) {
    int length = NLMSG_HDRLEN + IFINFOMSG_LEN + 8;
    header(out, length, Rtnl.RTM_GETLINK, flags, seq);
    out.putInt(NLMSG_HDRLEN, 0); // family AF_UNSPEC, pad, type
    out.putInt(NLMSG_HDRLEN + 4, ifindex);
    out.putInt(NLMSG_HDRLEN + 8, 0); // flags
    out.putInt(NLMSG_HDRLEN + 12, 0); // change
    attribute(out, NLMSG_HDRLEN + IFINFOMSG_LEN, Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
    return length;
  }

  private static void header(ByteBuffer out, int length, int type, int flags, int seq) {
    out.putInt(0, length);
    out.putShort(4, (short) type);
    out.putShort(6, (short) flags);
    out.putInt(8, seq);
    out.putInt(12, 0); // port id: the kernel fills in ours
  }

  private static void attribute(ByteBuffer out, int offset, int type, int value) {
    out.putShort(offset, (short) 8);
    out.putShort(offset + 2, (short) type);
    out.putInt(offset + 4, value);
  }
}
