package dev.cnimetrics.cri.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Checks on path strings that come from users and from the container runtime. */
public final class PathRules {
  private PathRules() {}

  /**
   * True for paths like {@code /a/b}: absolute, no {@code .} or {@code ..} segment, no doubled or
   * trailing slash, no NUL. A path that passes means exactly what it says, with nothing for a
   * reader to resolve.
   */
  public static boolean isAbsoluteNormalized(String path) {
    if (!path.startsWith("/")) {
      return false;
    }
    try {
      return Path.of(path).normalize().toString().equals(path);
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
