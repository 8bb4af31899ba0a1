package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Collects the links of an RTM_GETLINK dump, one received datagram at a time. */
public final class LinkDump {
  static final String OPERATION = "RTM_GETLINK dump";

  private final int seq;
  private final List<Link> links = new ArrayList<>();
  private boolean done;
  private boolean interrupted;

  public LinkDump(int seq) {
    this.seq = seq;
  }

  /** Consumes one datagram of the reply. */
  public void accept(ByteBuffer datagram) throws NetnsException {
    Messages.walk(datagram, seq, OPERATION, this::message);
  }

  private void message(ByteBuffer b, int type, int flags, int offset, int length)
      throws NetnsException {
    if (done) {
      return;
    }
    if ((flags & Rtnl.NLM_F_DUMP_INTR) != 0) {
      interrupted = true;
    }
    switch (type) {
      case Rtnl.RTM_NEWLINK -> links.add(LinkMessage.parse(b, offset, length, OPERATION));
      case Rtnl.NLMSG_DONE -> {
        // a dump that fails after it started says so in NLMSG_DONE's payload
        int errno =
            length >= Rtnl.NLMSG_HDRLEN + 4 ? Messages.errno(b, offset, length, OPERATION) : 0;
        if (errno > 0) {
          throw NetnsErrors.netlink(OPERATION, errno);
        }
        done = true;
      }
      case Rtnl.NLMSG_ERROR -> {
        int errno = Messages.errno(b, offset, length, OPERATION);
        if (errno > 0) {
          throw NetnsErrors.netlink(OPERATION, errno);
        }
      }
      default -> throw NetnsErrors.malformed(OPERATION, "unexpected message type " + type);
    }
  }

  /** True once NLMSG_DONE arrived. */
  public boolean done() {
    return done;
  }

  /**
   * True when the kernel flagged the dump as interrupted by a concurrent change: the list may be
   * inconsistent and the dump should be repeated.
   */
  public boolean interrupted() {
    return interrupted;
  }

  public List<Link> links() {
    return List.copyOf(links);
  }
}
