package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/** Decodes the reply to an RTM_GETNSID request. */
public final class NsidReply {
  static final String OPERATION = "RTM_GETNSID";

  /** The kernel's NETNSA_NSID_NOT_ASSIGNED: the namespace has no id in the asking namespace. */
  public static final int NOT_ASSIGNED = -1;

  private final int seq;
  private final IntFunction<NetnsException> onError;
  private boolean received;
  private int nsid;

  /**
   * @param onError turns the errno of an error reply into the exception to throw
   */
  public NsidReply(int seq, IntFunction<NetnsException> onError) {
    this.seq = seq;
    this.onError = onError;
  }

  /** Consumes one datagram; a datagram without the reply (a stale one) changes nothing. */
  public void accept(ByteBuffer datagram) throws NetnsException {
    Messages.walk(datagram, seq, OPERATION, this::message);
  }

  private void message(ByteBuffer b, int type, int flags, int offset, int length)
      throws NetnsException {
    if (type == Rtnl.NLMSG_ERROR) {
      int errno = Messages.errno(b, offset, length, OPERATION);
      throw errno > 0
          ? onError.apply(errno)
          : NetnsErrors.malformed(OPERATION, "acknowledgement instead of RTM_NEWNSID");
    }
    if (type != Rtnl.RTM_NEWNSID) {
      throw NetnsErrors.malformed(OPERATION, "unexpected message type " + type);
    }
    int attributesStart = offset + Rtnl.NLMSG_HDRLEN + Rtnl.RTGENMSG_LEN;
    Attributes attributes = new Attributes(b, attributesStart, offset + length, OPERATION);
    while (attributes.next()) {
      if (attributes.type() == Rtnl.NETNSA_NSID) {
        nsid = attributes.s32();
        received = true;
        return;
      }
    }
    throw NetnsErrors.malformed(OPERATION, "RTM_NEWNSID without NETNSA_NSID");
  }

  public boolean received() {
    return received;
  }

  /** The nsid, or {@link #NOT_ASSIGNED}. */
  public int nsid() {
    return nsid;
  }
}
