package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Values;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.config.PathRules;
import dev.cnimetrics.netns.NetnsMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Flags of the pod interface shim: where the runtime is and how to read pod namespaces. */
public final class ShimOptions {

  @Option(
      names = "--cri-endpoint",
      paramLabel = "auto|none|unix:///PATH",
      defaultValue = "auto",
      description =
          "Container runtime's CRI socket: auto (containerd's, then cri-o's default socket), a"
              + " unix:///absolute/path.sock, or none to run without the pod interface shim."
              + " Env CNI_METRICS_CRI_ENDPOINT. Default auto.")
  private String endpoint;

  @Option(
      names = "--netns-dir",
      paramLabel = "DIR",
      defaultValue = "/var/run/netns",
      description =
          "Directory the runtime pins pod network namespaces in; netns paths elsewhere (except"
              + " /proc/<pid>/ns/net) are refused. Env CNI_METRICS_NETNS_DIR. Default"
              + " /var/run/netns.")
  private String netnsDir;

  @Option(
      names = "--netns-method",
      paramLabel = "auto|netlink|setns",
      defaultValue = "auto",
      description =
          "How pod interfaces are mapped to host interfaces: netlink (no capability, pod-side"
              + " names only from the CNI result), setns (needs CAP_SYS_ADMIN, sees every name),"
              + " auto (netlink, plus setns when CAP_SYS_ADMIN is there)."
              + " Env CNI_METRICS_NETNS_METHOD. Default auto.")
  private String netnsMethod;

  @Option(
      names = "--cri-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "Deadline of every single CRI call (100ms to 1m). Env CNI_METRICS_CRI_TIMEOUT."
              + " Default 2s.")
  private String criTimeout;

  public ShimConfig toConfig() throws ConfigException {
    String endpointFlag = EnvDefaults.source("--cri-endpoint");
    Optional<CriEndpoint> parsed = CriEndpoint.parse(endpoint);
    if (parsed.isEmpty()) {
      throw ConfigException.invalid(
          endpointFlag, "auto, none or unix:///<absolute socket path>", endpoint);
    }
    if (netnsDir == null || !PathRules.isAbsoluteNormalized(netnsDir) || netnsDir.equals("/")) {
      throw ConfigException.invalid(
          EnvDefaults.source("--netns-dir"),
          "an absolute, normalized directory other than / such as /var/run/netns",
          netnsDir);
    }
    NetnsMethod method;
    try {
      method = NetnsMethod.parse(netnsMethod);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(
          EnvDefaults.source("--netns-method"), "auto, netlink or setns", netnsMethod);
    }
    Duration timeout =
        Values.duration(
            EnvDefaults.source("--cri-timeout"),
            criTimeout,
            Duration.ofMillis(100),
            Duration.ofMinutes(1));
    return new ShimConfig(CriConfig.of(parsed.get(), Path.of(netnsDir), timeout), method);
  }

  /** The validated shim flags; the shim is off when the CRI endpoint is {@code none}. */
  public record ShimConfig(CriConfig cri, NetnsMethod method) {
    public boolean enabled() {
      return cri.enabled();
    }
  }
}
