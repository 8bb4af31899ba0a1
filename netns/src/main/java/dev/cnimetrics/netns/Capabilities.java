package dev.cnimetrics.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The calling thread's effective capability set, as {@code /proc/thread-self/status} shows it. */
public record Capabilities(long effective) {
  public static final int CAP_SYS_ADMIN = 21;
  static final String STATUS = "/proc/thread-self/status";

  /** Reads the calling thread's capabilities (before it ever entered another namespace). */
  public static Capabilities current() {
    try {
      return parse(STATUS, Files.readString(Path.of(STATUS)));
    } catch (IOException e) {
      throw new UncheckedIOException(STATUS + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses the {@code CapEff:} line of a status file.
   *
   * @throws IllegalArgumentException one line naming the file, the expectation and what was found
   */
  public static Capabilities parse(String file, String status) {
    for (String line : status.split("\n", -1)) {
      if (line.startsWith("CapEff:")) {
        String hex = line.substring("CapEff:".length()).strip();
        if (hex.length() == 16 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          return new Capabilities(Long.parseUnsignedLong(hex, 16));
        }
        throw new IllegalArgumentException(
            file + ": expected 16 hex digits after CapEff:, found \"" + hex + "\"");
      }
    }
    throw new IllegalArgumentException(file + ": expected a CapEff: line, found none");
  }

  public boolean has(int capability) {
    return (effective >>> capability & 1) != 0;
  }

  public boolean hasSysAdmin() {
    return has(CAP_SYS_ADMIN);
  }

  /** The set as the status file prints it, for messages. */
  public String hex() {
    return String.format("%016x", effective);
  }
}
