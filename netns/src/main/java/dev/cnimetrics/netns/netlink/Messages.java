package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Walks the netlink messages of one received datagram (pure: bytes in, callbacks out). */
final class Messages {
  /** Receives each message that answers the request with the expected sequence number. */
  interface Visitor {
    void visit(ByteBuffer datagram, int type, int flags, int offset, int length)
        throws NetnsException;
  }

  private Messages() {}

  /**
   * Calls {@code visitor} for every message of {@code datagram} (from its position to its limit)
   * whose sequence number is {@code seq}. Others are replies to an earlier request that was
   * abandoned half-way, and are skipped.
   */
  static void walk(ByteBuffer datagram, int seq, String operation, Visitor visitor)
      throws NetnsException {
    ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
    int offset = b.position();
    int end = b.limit();
    while (offset < end) {
      if (end - offset < Rtnl.NLMSG_HDRLEN) {
        throw NetnsErrors.malformed(
            operation, (end - offset) + " trailing bytes, shorter than a message header");
      }
      int length = b.getInt(offset);
      if (length < Rtnl.NLMSG_HDRLEN || length > end - offset) {
        throw NetnsErrors.malformed(
            operation,
            "message length "
                + length
                + " at offset "
                + offset
                + " of a "
                + end
                + "-byte datagram");
      }
      if (b.getInt(offset + 8) == seq) {
        visitor.visit(
            b, b.getShort(offset + 4) & 0xffff, b.getShort(offset + 6) & 0xffff, offset, length);
      }
      offset += Rtnl.align(length);
    }
  }

  /** The (positive) errno of an NLMSG_ERROR or NLMSG_DONE message; 0 for an acknowledgement. */
  static int errno(ByteBuffer b, int offset, int length, String operation) throws NetnsException {
    if (length < Rtnl.NLMSG_HDRLEN + 4) {
      throw NetnsErrors.malformed(operation, "error message of " + length + " bytes");
    }
    return -b.getInt(offset + Rtnl.NLMSG_HDRLEN);
  }
}
