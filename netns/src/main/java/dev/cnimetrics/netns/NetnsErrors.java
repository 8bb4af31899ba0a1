package dev.cnimetrics.netns;

import static dev.cnimetrics.netns.sys.Errno.EACCES;
import static dev.cnimetrics.netns.sys.Errno.EINVAL;
import static dev.cnimetrics.netns.sys.Errno.ENOENT;
import static dev.cnimetrics.netns.sys.Errno.EPERM;

import dev.cnimetrics.netns.sys.Errno;

/**
 * The one-line messages for every failure of a native call: what, on which path, and what to do.
 */
public final class NetnsErrors {
  private NetnsErrors() {}

  public static NetnsException open(String path, int errno) {
    String what = "open " + path + ": " + Errno.text(errno);
    return switch (errno) {
      case ENOENT ->
          new NetnsException(
              NetnsErrorReason.NETNS_GONE,
              what + " — the pod's network namespace is gone (sandbox stopped or removed)");
      case EACCES ->
          new NetnsException(
              NetnsErrorReason.NETNS_OPEN_FAILED,
              what
                  + " — the agent's user cannot search a directory above this file (netns files"
                  + " themselves are mode 0444); fix the directory modes or the volume mount");
      default -> new NetnsException(NetnsErrorReason.NETNS_OPEN_FAILED, what);
    };
  }

  public static NetnsException setns(String path, int errno) {
    String what = "setns " + path + ": " + Errno.text(errno);
    return switch (errno) {
      case EPERM ->
          new NetnsException(
              NetnsErrorReason.SETNS_DENIED,
              what + " — the agent needs CAP_SYS_ADMIN for --netns-method=setns");
      case EINVAL ->
          new NetnsException(
              NetnsErrorReason.NOT_A_NETNS, what + " — not a network namespace file");
      default -> new NetnsException(NetnsErrorReason.SETNS_FAILED, what);
    };
  }

  /** RTM_GETNSID with the fd of {@code path} failed. */
  public static NetnsException nsid(String path, int errno) {
    String what = "netlink RTM_GETNSID " + path + ": " + Errno.text(errno);
    if (errno == EINVAL) {
      return new NetnsException(
          NetnsErrorReason.NOT_A_NETNS, what + " — not a network namespace file");
    }
    return new NetnsException(NetnsErrorReason.NETLINK_FAILED, what);
  }

  public static NetnsException returnHome(int errno) {
    return new NetnsException(
        NetnsErrorReason.RETURN_FAILED,
        "setns back to the host netns: "
            + Errno.text(errno)
            + " — worker thread discarded, the remaining pods run on a new thread");
  }

  /** A netlink socket call ({@code socket}, {@code send}, {@code recv}) failed. */
  public static NetnsException netlink(String operation, int errno) {
    return new NetnsException(
        NetnsErrorReason.NETLINK_FAILED, "netlink " + operation + ": " + Errno.text(errno));
  }

  /** A netlink reply did not have the expected shape. */
  public static NetnsException malformed(String operation, String detail) {
    return new NetnsException(
        NetnsErrorReason.NETLINK_FAILED, "netlink " + operation + ": malformed reply: " + detail);
  }

  /** No netlink reply arrived within the socket's receive timeout. */
  public static NetnsException noReply(String operation, long seconds) {
    return new NetnsException(
        NetnsErrorReason.NETLINK_FAILED,
        "netlink " + operation + ": no reply within " + seconds + "s");
  }
}
