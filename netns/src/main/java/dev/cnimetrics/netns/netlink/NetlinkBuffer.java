package dev.cnimetrics.netns.netlink;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Native memory for netlink requests and replies, allocated once and reused: the per-pod path
 * allocates nothing.
 */
public final class NetlinkBuffer {
  private static final int REQUEST_SIZE = 64;
  private static final int TIMEVAL_SIZE = 16;

  private final Memory reply = new Memory(NetlinkSocket.BUFFER_SIZE);
  private final Memory request = new Memory(REQUEST_SIZE + TIMEVAL_SIZE);
  private final ByteBuffer replyView =
      reply.getByteBuffer(0, NetlinkSocket.BUFFER_SIZE).order(ByteOrder.nativeOrder());
  private final ByteBuffer requestView =
      request.getByteBuffer(0, REQUEST_SIZE).order(ByteOrder.nativeOrder());

  ByteBuffer reply() {
    return replyView;
  }

  Pointer replyPointer() {
    return reply;
  }

  ByteBuffer request() {
    return requestView;
  }

  Pointer requestPointer() {
    return request;
  }

  /** A struct timeval of {@code seconds}, for SO_RCVTIMEO. */
  Pointer timeval(long seconds) {
    Pointer timeval = request.share(REQUEST_SIZE, TIMEVAL_SIZE);
    timeval.setLong(0, seconds);
    timeval.setLong(8, 0);
    return timeval;
  }
}
