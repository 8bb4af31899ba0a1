package dev.cnimetrics.netns.netlink;

/**
 * One link of an RTM_GETLINK reply.
 *
 * @param linkIndex IFLA_LINK: for a veth or netkit the peer's ifindex (in the namespace {@code
 *     linkNetnsid} names, or this one), for a macvlan/vlan its parent; 0 when absent
 * @param linkNetnsid IFLA_LINK_NETNSID: the id, in the namespace that was dumped, of the namespace
 *     {@code linkIndex} lives in; {@link #NO_NSID} when absent (same namespace)
 * @param kind IFLA_INFO_KIND ({@code veth}, {@code netkit}, {@code dummy}, …), empty if none
 */
public record Link(
    int ifindex, String name, String kind, int flags, int linkIndex, int linkNetnsid) {
  public static final int NO_NSID = -1;

  public boolean isLoopback() {
    return (flags & Rtnl.IFF_LOOPBACK) != 0;
  }

  /**
   * True for the kinds whose IFLA_LINK is the other end of a pair (veth, netkit), as opposed to a
   * parent device (macvlan, ipvlan, vlan).
   */
  public boolean isPairKind() {
    return kind.equals("veth") || kind.equals("netkit");
  }

  /** True when this is a pair whose other end is in the namespace with id {@code nsid}. */
  public boolean peersInto(int nsid) {
    return nsid != NO_NSID && linkNetnsid == nsid && linkIndex > 0 && isPairKind();
  }
}
