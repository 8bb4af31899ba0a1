package dev.cnimetrics.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The network part of one prometheus-network-shim refresh on the same node, for a side-by-side
 * ratio: it spawns {@code nsenter --net=<pod netns> ethtool -S eth0} for every pod, every refresh,
 * and reads {@code peer_ifindex} from the output. Needs root, nsenter and ethtool.
 */
final class AnchorRefresh {
  private AnchorRefresh() {}

  /** The pod namespace files the runtime pinned in {@code netnsDir}. */
  static List<Path> podNamespaces(Path netnsDir) throws IOException {
    try (Stream<Path> files = Files.list(netnsDir)) {
      return files.sorted().toList();
    }
  }

  /** Wall time in milliseconds of one spawn per namespace, one after the other. */
  static double refreshMillis(List<Path> namespaces) throws Exception {
    long start = System.nanoTime();
    for (Path ns : namespaces) {
      Process p =
          new ProcessBuilder("nsenter", "--net=" + ns, "ethtool", "-S", "eth0")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 || !out.contains("peer_ifindex")) {
        throw new IllegalStateException(
            "nsenter --net=" + ns + " ethtool -S eth0: exit " + p.exitValue() + ": " + out.trim());
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }
}
