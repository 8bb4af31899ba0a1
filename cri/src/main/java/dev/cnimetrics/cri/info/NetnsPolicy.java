package dev.cnimetrics.cri.info;

import dev.cnimetrics.cri.config.PathRules;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which netns paths from the runtime the agent is willing to open: a file directly in the
 * configured netns directory, or {@code /proc/<pid>/ns/net}. The agent opens these files with its
 * own privileges, so a path it did not expect is refused rather than followed.
 */
public final class NetnsPolicy {
  private static final Pattern PROC_NET = Pattern.compile("/proc/[1-9][0-9]{0,9}/ns/net");
  private final Path netnsDir;

  public NetnsPolicy(Path netnsDir) {
    this.netnsDir = netnsDir;
  }

  /** The accepted path, or empty when {@code raw} is anything else. */
  public Optional<Path> accept(String raw) {
    if (!PathRules.isAbsoluteNormalized(raw)) {
      return Optional.empty();
    }
    if (PROC_NET.matcher(raw).matches()) {
      return Optional.of(Path.of(raw));
    }
    Path p = Path.of(raw);
    return netnsDir.equals(p.getParent()) ? Optional.of(p) : Optional.empty();
  }

  /** The accepted places, for messages. */
  public String describe() {
    return netnsDir + "/<name> or /proc/<pid>/ns/net";
  }
}
