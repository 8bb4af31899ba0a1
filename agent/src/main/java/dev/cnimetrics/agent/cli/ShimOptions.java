package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.CommandLine;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Flag;
import dev.cnimetrics.config.Setting;
import dev.cnimetrics.config.Values;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.config.PathRules;
import dev.cnimetrics.netns.NetnsMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Flags of the pod interface shim: where the runtime is and how to read pod namespaces. */
public final class ShimOptions {

  static final Flag CRI_ENDPOINT =
      Flag.of(
          "--cri-endpoint",
          "auto|none|unix:///PATH",
          "auto",
          "Container runtime's CRI socket: auto (containerd's, then cri-o's default socket), a"
              + " unix:///absolute/path.sock, or none to run without the pod interface shim.");
  static final Flag NETNS_DIR =
      Flag.of(
          "--netns-dir",
          "DIR",
          "/var/run/netns",
          "Directory the runtime pins pod network namespaces in; netns paths elsewhere (except"
              + " /proc/<pid>/ns/net) are refused.");
  static final Flag NETNS_METHOD =
      Flag.of(
          "--netns-method",
          "auto|netlink|setns",
          "auto",
          "How pod interfaces are mapped to host interfaces: netlink (no capability, pod-side"
              + " names only from the CNI result), setns (needs CAP_SYS_ADMIN, sees every name),"
              + " auto (netlink, plus setns when CAP_SYS_ADMIN is there).");
  static final Flag CRI_TIMEOUT =
      Flag.of(
          "--cri-timeout", "DURATION", "2s", "Deadline of every single CRI call (100ms to 1m).");

  public static final List<Flag> FLAGS =
      List.of(CRI_ENDPOINT, NETNS_DIR, NETNS_METHOD, CRI_TIMEOUT);

  private ShimOptions() {}

  public static ShimConfig toConfig(CommandLine cl) throws ConfigException {
    Setting endpoint = cl.get(CRI_ENDPOINT);
    Optional<CriEndpoint> parsed = CriEndpoint.parse(endpoint.value());
    if (parsed.isEmpty()) {
      throw ConfigException.invalid(
          endpoint.source(), "auto, none or unix:///<absolute socket path>", endpoint.value());
    }
    Setting netnsDir = cl.get(NETNS_DIR);
    String dir = netnsDir.value();
    if (dir == null || !PathRules.isAbsoluteNormalized(dir) || dir.equals("/")) {
      throw ConfigException.invalid(
          netnsDir.source(),
          "an absolute, normalized directory other than / such as /var/run/netns",
          dir);
    }
    Setting netnsMethod = cl.get(NETNS_METHOD);
    NetnsMethod method;
    try {
      method = NetnsMethod.parse(netnsMethod.value());
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(
          netnsMethod.source(), "auto, netlink or setns", netnsMethod.value());
    }
    Setting criTimeout = cl.get(CRI_TIMEOUT);
    Duration timeout =
        Values.duration(
            criTimeout.source(), criTimeout.value(), Duration.ofMillis(100), Duration.ofMinutes(1));
    return new ShimConfig(CriConfig.of(parsed.get(), Path.of(dir), timeout), method);
  }

  /** The validated shim flags; the shim is off when the CRI endpoint is {@code none}. */
  public record ShimConfig(CriConfig cri, NetnsMethod method) {
    public boolean enabled() {
      return cri.enabled();
    }
  }
}
