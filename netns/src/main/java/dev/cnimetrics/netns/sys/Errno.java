package dev.cnimetrics.netns.sys;

import java.util.Map;

/**
 * errno numbers (Linux, x86-64 and arm64) to the text glibc's {@code strerror} prints, for the
 * errors the calls of this module can return. Kept in Java so messages are the same on every libc
 * and locale, and testable without native calls.
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;

  private static final Map<Integer, String> TEXT =
      Map.ofEntries(
          Map.entry(EPERM, "Operation not permitted"),
          Map.entry(ENOENT, "No such file or directory"),
          Map.entry(3, "No such process"),
          Map.entry(EINTR, "Interrupted system call"),
          Map.entry(5, "Input/output error"),
          Map.entry(6, "No such device or address"),
          Map.entry(9, "Bad file descriptor"),
          Map.entry(EAGAIN, "Resource temporarily unavailable"),
          Map.entry(12, "Cannot allocate memory"),
          Map.entry(EACCES, "Permission denied"),
          Map.entry(ENODEV, "No such device"),
          Map.entry(20, "Not a directory"),
          Map.entry(21, "Is a directory"),
          Map.entry(EINVAL, "Invalid argument"),
          Map.entry(23, "Too many open files in system"),
          Map.entry(24, "Too many open files"),
          Map.entry(36, "File name too long"),
          Map.entry(40, "Too many levels of symbolic links"),
          Map.entry(90, "Message too long"),
          Map.entry(93, "Protocol not supported"),
          Map.entry(95, "Operation not supported"),
          Map.entry(97, "Address family not supported by protocol"),
          Map.entry(105, "No buffer space available"));

  private Errno() {}

  /** The strerror text, or {@code errno N} for numbers outside the table. */
  public static String text(int errno) {
    String text = TEXT.get(errno);
    return text != null ? text : "errno " + errno;
  }
}
