package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.sys.Errno;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Decodes the reply to an RTM_GETLINK request for one ifindex. */
public final class LinkReply {
  static final String OPERATION = "RTM_GETLINK";

  private final int seq;
  private boolean received;
  private Optional<Link> link = Optional.empty();

  public LinkReply(int seq) {
    this.seq = seq;
  }

  /** Consumes one datagram; a datagram without the reply (a stale one) changes nothing. */
  public void accept(ByteBuffer datagram) throws NetnsException {
    Messages.walk(datagram, seq, OPERATION, this::message);
  }

  private void message(ByteBuffer b, int type, int flags, int offset, int length)
      throws NetnsException {
    if (type == Rtnl.NLMSG_ERROR) {
      int errno = Messages.errno(b, offset, length, OPERATION);
      if (errno == 0) {
        throw NetnsErrors.malformed(OPERATION, "acknowledgement instead of RTM_NEWLINK");
      }
      if (errno != Errno.ENODEV) {
        throw NetnsErrors.netlink(OPERATION, errno);
      }
      received = true;
    } else if (type == Rtnl.RTM_NEWLINK) {
      link = Optional.of(LinkMessage.parse(b, offset, length, OPERATION));
      received = true;
    } else {
      throw NetnsErrors.malformed(OPERATION, "unexpected message type " + type);
    }
  }

  public boolean received() {
    return received;
  }

  /** The link; empty when the kernel answered ENODEV (no link with that ifindex). */
  public Optional<Link> link() {
    return link;
  }
}
