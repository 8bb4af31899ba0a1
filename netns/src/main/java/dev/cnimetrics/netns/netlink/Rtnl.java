package dev.cnimetrics.netns.netlink;

/** rtnetlink constants from linux/netlink.h, rtnetlink.h, if_link.h and net_namespace.h. */
final class Rtnl {
  static final int NLMSG_HDRLEN = 16;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;

  static final int RTM_NEWLINK = 16;
  static final int RTM_GETLINK = 18;
  static final int RTM_NEWNSID = 88;
  static final int RTM_GETNSID = 90;

  static final int NLM_F_REQUEST = 0x1;
  static final int NLM_F_DUMP_INTR = 0x10;
  static final int NLM_F_DUMP = 0x300;

  /** struct ifinfomsg: family, pad, type, index, flags, change. */
  static final int IFINFOMSG_LEN = 16;

  /** struct rtgenmsg (one byte) padded to the netlink alignment. */
  static final int RTGENMSG_LEN = 4;

  static final int IFLA_IFNAME = 3;
  static final int IFLA_LINK = 5;
  static final int IFLA_LINKINFO = 18;
  static final int IFLA_EXT_MASK = 29;
  static final int IFLA_LINK_NETNSID = 37;
  static final int IFLA_INFO_KIND = 1;

  /** Leave the per-link statistics out of dumps: they are most of a message and unused here. */
  static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

  static final int NETNSA_NSID = 1;
  static final int NETNSA_FD = 3;

  static final int IFF_LOOPBACK = 0x8;

  /** Attribute type bits without NLA_F_NESTED and NLA_F_NET_BYTEORDER. */
  static final int NLA_TYPE_MASK = 0x3fff;

  private Rtnl() {}

  static int align(int length) {
    return (length + 3) & ~3;
  }
}
