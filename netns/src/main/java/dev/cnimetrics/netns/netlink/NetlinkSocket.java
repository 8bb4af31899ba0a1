package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.sys.Errno;
import dev.cnimetrics.netns.sys.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * An rtnetlink socket. It answers about the network namespace the calling thread was in when it was
 * opened, for its whole life, whatever namespace the thread enters later. Not thread-safe.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** A dump of a few hundred links without statistics fits a few datagrams of this size. */
  public static final int BUFFER_SIZE = 64 * 1024;

  private static final int DUMP_ATTEMPTS = 3;
  private static final long RECEIVE_TIMEOUT_SECONDS = 5;

  private final int fd;
  private final NetlinkBuffer buffer;
  private int seq;
  private boolean closed;

  private NetlinkSocket(int fd, NetlinkBuffer buffer) {
    this.fd = fd;
    this.buffer = buffer;
  }

  /** Opens a socket in the calling thread's current network namespace, with its own buffer. */
  public static NetlinkSocket open() throws NetnsException {
    return open(new NetlinkBuffer());
  }

  /**
   * Opens a socket that uses {@code buffer}, which may be shared by sockets that are never used at
   * the same time (one thread, one socket at a time).
   */
  public static NetlinkSocket open(NetlinkBuffer buffer) throws NetnsException {
    int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
    if (fd < 0) {
      throw NetnsErrors.netlink("socket", LibC.errno());
    }
    // a bounded wait: a lost reply must fail one refresh, not hang the agent
    if (LibC.setsockopt(
            fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, buffer.timeval(RECEIVE_TIMEOUT_SECONDS), 16)
        < 0) {
      int errno = LibC.errno();
      LibC.close(fd);
      throw NetnsErrors.netlink("setsockopt SO_RCVTIMEO", errno);
    }
    return new NetlinkSocket(fd, buffer);
  }

  /** Every link of the socket's namespace; repeated when the kernel flags the dump inconsistent. */
  public List<Link> dumpLinks() throws NetnsException {
    LinkDump dump = null;
    for (int attempt = 0; attempt < DUMP_ATTEMPTS; attempt++) {
      dump = new LinkDump(send(NetlinkRequests::linkDump));
      while (!dump.done()) {
        dump.accept(receive(LinkDump.OPERATION));
      }
      if (!dump.interrupted()) {
        break;
      }
    }
    return dump.links();
  }

  /** The link with {@code ifindex}, empty if there is none. */
  public Optional<Link> link(int ifindex) throws NetnsException {
    LinkReply reply = new LinkReply(send((out, s) -> NetlinkRequests.link(out, s, ifindex)));
    while (!reply.received()) {
      reply.accept(receive(LinkReply.OPERATION));
    }
    return reply.link();
  }

  /**
   * The id this socket's namespace gives the namespace open as {@code nsFd} ({@link
   * NsidReply#NOT_ASSIGNED} if none); {@code path} names it in error messages.
   */
  public int nsid(int nsFd, String path) throws NetnsException {
    NsidReply reply =
        new NsidReply(
            send((out, s) -> NetlinkRequests.nsid(out, s, nsFd)),
            errno -> NetnsErrors.nsid(path, errno));
    while (!reply.received()) {
      reply.accept(receive(NsidReply.OPERATION));
    }
    return reply.nsid();
  }

  private interface Request {
    int write(ByteBuffer out, int seq);
  }

  private int send(Request request) throws NetnsException {
    int s = ++seq;
    int length = request.write(buffer.request(), s);
    long sent = LibC.send(fd, buffer.requestPointer(), length, 0);
    if (sent < 0) {
      throw NetnsErrors.netlink("send", LibC.errno());
    }
    if (sent != length) {
      // a datagram socket sends all or nothing; anything else is not the kernel we know
      throw new NetnsException(
          NetnsErrorReason.NETLINK_FAILED,
          "netlink send: sent " + sent + " of " + length + " bytes");
    }
    return s;
  }

  private ByteBuffer receive(String operation) throws NetnsException {
    while (true) {
      // MSG_TRUNC makes recv return the datagram's real size, so truncation is detected
      long n = LibC.recv(fd, buffer.replyPointer(), BUFFER_SIZE, LibC.MSG_TRUNC);
      if (n < 0) {
        int errno = LibC.errno();
        if (errno == Errno.EINTR) {
          continue;
        }
        if (errno == Errno.EAGAIN) {
          throw NetnsErrors.noReply(operation, RECEIVE_TIMEOUT_SECONDS);
        }
        throw NetnsErrors.netlink(operation + " recv", errno);
      }
      if (n > BUFFER_SIZE) {
        throw NetnsErrors.malformed(
            operation, "datagram of " + n + " bytes exceeds the " + BUFFER_SIZE + "-byte buffer");
      }
      return buffer.reply().duplicate().order(ByteOrder.nativeOrder()).limit((int) n);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LibC.close(fd);
    }
  }
}
