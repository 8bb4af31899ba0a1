package dev.cnimetrics.cri;

import dev.cnimetrics.cri.client.SocketProbe;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Picks the socket for the configured endpoint; {@code auto} takes the first socket found. */
final class SocketDetector {
  private SocketDetector() {}

  static Path resolve(CriConfig config, SocketProbe probe) throws CriException {
    if (config.endpoint() instanceof CriEndpoint.Unix unix) {
      return unix.socket();
    }
    List<String> found = new ArrayList<>();
    Set<String> dirs = new LinkedHashSet<>();
    for (Path candidate : config.autoDetectSockets()) {
      SocketProbe.Kind kind = probe.probe(candidate);
      if (kind == SocketProbe.Kind.SOCKET) {
        return candidate;
      }
      found.add(candidate + " " + describe(kind));
      dirs.add(String.valueOf(candidate.getParent()));
    }
    throw new CriException(
        CriErrorReason.SOCKET_MISSING,
        "no CRI socket found ("
            + CriConfig.ENDPOINT_FLAG
            + " "
            + CriEndpoint.AUTO
            + "): "
            + String.join(", ", found)
            + ": mount the runtime's socket directory from the host ("
            + String.join(", ", dirs)
            + ") or set "
            + CriConfig.ENDPOINT_FLAG);
  }

  private static String describe(SocketProbe.Kind kind) {
    return switch (kind) {
      case MISSING -> "is missing";
      case DIRECTORY -> "is a directory";
      case OTHER_FILE -> "is a file";
      case UNREADABLE -> "cannot be examined (permission denied)";
      case SOCKET -> "is a socket";
    };
  }
}
