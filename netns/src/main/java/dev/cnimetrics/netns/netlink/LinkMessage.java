package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import java.nio.ByteBuffer;

/** Decodes one RTM_NEWLINK message into a {@link Link}. */
final class LinkMessage {
  private LinkMessage() {}

  static Link parse(ByteBuffer b, int offset, int length, String operation) throws NetnsException {
    int header = offset + Rtnl.NLMSG_HDRLEN;
    if (length < Rtnl.NLMSG_HDRLEN + Rtnl.IFINFOMSG_LEN) {
      throw NetnsErrors.malformed(operation, "RTM_NEWLINK of " + length + " bytes");
    }
    int ifindex = b.getInt(header + 4);
    int flags = b.getInt(header + 8);
    String name = "";
    String kind = "";
    int linkIndex = 0;
    int linkNetnsid = Link.NO_NSID;
    Attributes attributes =
        new Attributes(b, header + Rtnl.IFINFOMSG_LEN, offset + length, operation);
    while (attributes.next()) {
      switch (attributes.type()) {
        case Rtnl.IFLA_IFNAME -> name = attributes.string();
        case Rtnl.IFLA_LINK -> linkIndex = attributes.s32();
        case Rtnl.IFLA_LINK_NETNSID -> linkNetnsid = attributes.s32();
        case Rtnl.IFLA_LINKINFO -> kind = kind(attributes.nested());
        default -> {
          // every other attribute is irrelevant here
        }
      }
    }
    if (name.isEmpty()) {
      throw NetnsErrors.malformed(operation, "link " + ifindex + " has no IFLA_IFNAME");
    }
    return new Link(ifindex, name, kind, flags, linkIndex, linkNetnsid);
  }

  private static String kind(Attributes linkInfo) throws NetnsException {
    while (linkInfo.next()) {
      if (linkInfo.type() == Rtnl.IFLA_INFO_KIND) {
        return linkInfo.string();
      }
    }
    return "";
  }
}
