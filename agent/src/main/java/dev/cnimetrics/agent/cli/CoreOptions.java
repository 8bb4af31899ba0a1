package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Values;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** Flags of the agent as a whole: identity, HTTP server, refresh cadence, one-shot mode. */
public final class CoreOptions {

  /** What {@code --once} prints. */
  public enum Once {
    REPORT,
    METRICS
  }

  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      description =
          "Kubernetes node this agent runs on; names the node in the report and in series."
              + " Env NODE_NAME (set it from spec.nodeName). Required.")
  private String nodeName;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:61682",
      description =
          "Address of the HTTP server (/metrics, /v1/report, /healthz, /readyz)."
              + " Env CNI_METRICS_LISTEN. Default 0.0.0.0:61682.")
  private String listen;

  @Option(
      names = "--auth-token-file",
      paramLabel = "FILE",
      description =
          "Require \"Authorization: Bearer <token>\" on /metrics and /v1/report, the token being"
              + " this file's content (a mounted Secret; read again when it changes). The probes"
              + " stay open. Env CNI_METRICS_AUTH_TOKEN_FILE. Default: no token required.")
  private String authTokenFile;

  @Option(
      names = "--refresh-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Pause between two refreshes of every source (1s to 1h)."
              + " Env CNI_METRICS_REFRESH_INTERVAL. Default 10s.")
  private String refreshInterval;

  @Option(
      names = "--once",
      paramLabel = "report|metrics",
      description =
          "Collect once, print the node report JSON or the /metrics exposition on stdout, exit 0."
              + " Env CNI_METRICS_ONCE. Default: run as a server.")
  private String once;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description =
          "error, warn, info, debug or trace; logs go to stderr."
              + " Env CNI_METRICS_LOG_LEVEL. Default info.")
  private String logLevel;

  public CoreConfig toConfig() throws ConfigException {
    String nodeFlag = EnvDefaults.source("--node-name");
    if (nodeName == null
        || nodeName.length() > 253
        || !nodeName.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw ConfigException.invalid(
          nodeFlag,
          "a Kubernetes node name (lowercase letters, digits, '-' and '.', at most 253)",
          nodeName);
    }
    ListenAddress address = ListenAddress.parse(EnvDefaults.source("--listen"), listen);
    Duration interval =
        Values.duration(
            EnvDefaults.source("--refresh-interval"),
            refreshInterval,
            Duration.ofSeconds(1),
            Duration.ofHours(1));
    Optional<Once> onceMode = Optional.empty();
    if (once != null) {
      switch (once) {
        case "report" -> onceMode = Optional.of(Once.REPORT);
        case "metrics" -> onceMode = Optional.of(Once.METRICS);
        default ->
            throw ConfigException.invalid(EnvDefaults.source("--once"), "report or metrics", once);
      }
    }
    if (!LOG_LEVELS.contains(logLevel)) {
      throw ConfigException.invalid(
          EnvDefaults.source("--log-level"), "error, warn, info, debug or trace", logLevel);
    }
    if (authTokenFile != null && authTokenFile.isBlank()) {
      throw ConfigException.invalid(
          EnvDefaults.source("--auth-token-file"), "a file path", authTokenFile);
    }
    return new CoreConfig(
        nodeName,
        address,
        Optional.ofNullable(authTokenFile).map(Path::of),
        interval,
        onceMode,
        logLevel);
  }

  /** The validated core flags. */
  public record CoreConfig(
      String nodeName,
      ListenAddress listen,
      Optional<Path> authTokenFile,
      Duration refreshInterval,
      Optional<Once> once,
      String logLevel) {}
}
