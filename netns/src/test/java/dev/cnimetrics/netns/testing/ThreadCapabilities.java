package dev.cnimetrics.netns.testing;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Clears the calling thread's effective capability set, as in a container that dropped ALL.
 * Capabilities are per thread in Linux: the rest of the JVM keeps root's, and threads the calling
 * thread starts inherit the cleared set.
 */
public final class ThreadCapabilities {
  static {
    Native.register(ThreadCapabilities.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

  private ThreadCapabilities() {}

  private static native int capget(Pointer header, Pointer data);

  private static native int capset(Pointer header, Pointer data);

  public static void dropEffective() {
    Memory header = new Memory(8);
    header.setInt(0, LINUX_CAPABILITY_VERSION_3);
    header.setInt(4, 0); // this thread
    Memory data = new Memory(24); // two {effective, permitted, inheritable} words
    if (capget(header, data) != 0) {
      throw new IllegalStateException("capget: errno " + Native.getLastError());
    }
    data.setInt(0, 0);
    data.setInt(12, 0);
    if (capset(header, data) != 0) {
      throw new IllegalStateException("capset: errno " + Native.getLastError());
    }
  }
}
