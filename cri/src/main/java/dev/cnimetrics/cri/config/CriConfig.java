package dev.cnimetrics.cri.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the CRI client needs from the agent's command line.
 *
 * @param endpoint where the runtime's socket is
 * @param autoDetectSockets the sockets {@link CriEndpoint.Auto} tries, in order
 * @param netnsDir {@code --netns-dir}: the only directory (besides {@code /proc/<pid>/ns/net})
 *     whose files are accepted as pod network namespaces
 * @param callTimeout {@code --cri-timeout}: the deadline of every single CRI call
 */
public record CriConfig(
    CriEndpoint endpoint, List<Path> autoDetectSockets, Path netnsDir, Duration callTimeout) {

  public static final String ENDPOINT_FLAG = "--cri-endpoint";

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

  /** The caller checks the values (the agent's flags); this module takes them as given. */
  public CriConfig {
    autoDetectSockets = List.copyOf(autoDetectSockets);
  }

  /** {@code auto} endpoint, the default netns directory and call timeout. */
  public static CriConfig defaults() {
    return new CriConfig(
        new CriEndpoint.Auto(), DEFAULT_SOCKETS, DEFAULT_NETNS_DIR, DEFAULT_CALL_TIMEOUT);
  }

  /** The default candidate sockets with the given endpoint, namespace directory and deadline. */
  public static CriConfig of(CriEndpoint endpoint, Path netnsDir, Duration callTimeout) {
    return new CriConfig(endpoint, DEFAULT_SOCKETS, netnsDir, callTimeout);
  }

  public boolean enabled() {
    return !(endpoint instanceof CriEndpoint.Disabled);
  }
}
