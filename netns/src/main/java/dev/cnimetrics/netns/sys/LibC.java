package dev.cnimetrics.netns.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls this module needs, bound with JNA direct mapping.
 *
 * <p>Direct mapping ({@code Native.register}) is used instead of a {@code Library} interface: calls
 * go straight from a static native method to the function without the proxy, reflection and
 * per-call argument conversion of interface mapping, which matters on the per-pod path (several
 * calls per pod). Only primitives, {@link Pointer} and {@link String} are passed, all of which
 * direct mapping supports. JNA keeps {@code errno} per thread after every call; read it with {@link
 * #errno()} right after a call returned -1. 64-bit Linux only ({@code size_t} is mapped to {@code
 * long}).
 */
public final class LibC {
  static {
    Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  public static final int O_RDONLY = 0;
  public static final int O_NOCTTY = 0400;
  public static final int O_NONBLOCK = 04000;
  public static final int O_CLOEXEC = 02000000;
  public static final int CLONE_NEWNET = 0x40000000;
  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 02000000;
  public static final int NETLINK_ROUTE = 0;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVTIMEO = 20;
  public static final int MSG_TRUNC = 0x20;

  private LibC() {}

  public static native int open(String path, int flags);

  public static native int close(int fd);

  public static native int setns(int fd, int nstype);

  public static native int socket(int domain, int type, int protocol);

  public static native int setsockopt(int fd, int level, int name, Pointer value, int length);

  public static native long send(int fd, Pointer buffer, long length, int flags);

  public static native long recv(int fd, Pointer buffer, long length, int flags);

  /** The calling thread's errno as JNA saved it after the last native call. */
  public static int errno() {
    return Native.getLastError();
  }
}
