package dev.cnimetrics.netns.sys;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;

/** Opens namespace files. */
public final class NsFiles {
  /**
   * O_NONBLOCK and O_NOCTTY so that a wrong path naming a FIFO or a terminal cannot block or become
   * the controlling terminal; neither matters for a real namespace file.
   */
  private static final int FLAGS = LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_NONBLOCK | LibC.O_NOCTTY;

  private NsFiles() {}

  /** Opens {@code path}; close the returned fd with {@link LibC#close}. */
  public static int open(String path) throws NetnsException {
    int fd = LibC.open(path, FLAGS);
    if (fd < 0) {
      throw NetnsErrors.open(path, LibC.errno());
    }
    return fd;
  }
}
