package dev.cnimetrics.cri.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the CRI client needs from the agent's command line.
 *
 * @param endpoint {@code --cri-endpoint}
 * @param autoDetectSockets the sockets {@link CriEndpoint.Auto} tries, in order
 * @param netnsDir {@code --netns-dir}: the only directory (besides {@code /proc/<pid>/ns/net})
 *     whose files are accepted as pod network namespaces
 * @param callTimeout {@code --cri-timeout}: the deadline of every single CRI call
 */
public record CriConfig(
    CriEndpoint endpoint, List<Path> autoDetectSockets, Path netnsDir, Duration callTimeout) {

  public static final String ENDPOINT_FLAG = "--cri-endpoint";
  public static final String NETNS_DIR_FLAG = "--netns-dir";
  public static final String TIMEOUT_FLAG = "--cri-timeout";

  /**
   * Tried in this order by {@code auto}: containerd, k3s's embedded containerd, cri-o. Only the
   * socket directory the DaemonSet mounts is visible, so a node running two of them (k3s next to a
   * system containerd) gets the one its overlay mounts.
   */
  public static final List<Path> DEFAULT_SOCKETS =
      List.of(
          Path.of("/run/containerd/containerd.sock"),
          Path.of("/run/k3s/containerd/containerd.sock"),
          Path.of("/var/run/crio/crio.sock"));

  /** Where containerd and cri-o pin pod network namespaces by default. */
  public static final Path DEFAULT_NETNS_DIR = Path.of("/var/run/netns");

  /** A local runtime answers a status call in milliseconds; seconds mean it is in trouble. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(2);

  public static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(60);

  /** Values from flags go through {@link #validated}, which checks them. */
  public CriConfig {
    autoDetectSockets = List.copyOf(autoDetectSockets);
  }

  /** {@code auto} endpoint, the default netns directory and call timeout. */
  public static CriConfig defaults() {
    return new CriConfig(
        new CriEndpoint.Auto(), DEFAULT_SOCKETS, DEFAULT_NETNS_DIR, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Builds a config from the raw flag values; {@code null} means "flag not given" and selects the
   * default.
   *
   * @throws CriConfigException naming the first bad flag, what it expects and what was found
   */
  public static CriConfig validated(String endpoint, String netnsDir, Duration callTimeout)
      throws CriConfigException {
    CriEndpoint parsedEndpoint = CriEndpoint.parse(endpoint);
    Path dir = DEFAULT_NETNS_DIR;
    if (netnsDir != null) {
      if (!PathRules.isAbsoluteNormalized(netnsDir) || netnsDir.equals("/")) {
        throw new CriConfigException(
            NETNS_DIR_FLAG
                + ": expected an absolute, normalized directory path other than / (/var/run/netns); found \""
                + netnsDir
                + "\"");
      }
      dir = Path.of(netnsDir);
    }
    Duration timeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_CALL_TIMEOUT) > 0) {
      throw new CriConfigException(
          TIMEOUT_FLAG
              + ": expected a duration > 0s and <= "
              + Durations.format(MAX_CALL_TIMEOUT)
              + "; found "
              + Durations.format(timeout));
    }
    return new CriConfig(parsedEndpoint, DEFAULT_SOCKETS, dir, timeout);
  }

  public boolean enabled() {
    return !(endpoint instanceof CriEndpoint.Disabled);
  }
}
