package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.CommandLine;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Flag;
import dev.cnimetrics.config.Setting;
import dev.cnimetrics.config.Values;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Flags of the agent as a whole: identity, HTTP server, refresh cadence, one-shot mode. */
public final class CoreOptions {

  /** What {@code --once} prints. */
  public enum Once {
    REPORT,
    METRICS
  }

  private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  static final Flag NODE_NAME =
      Flag.of(
              "--node-name",
              "NAME",
              null,
              "Kubernetes node this agent runs on; names the node in the report and in series"
                  + " (set NODE_NAME from spec.nodeName). Required.")
          .orEnv("NODE_NAME");
  static final Flag LISTEN =
      Flag.of(
          "--listen",
          "HOST:PORT",
          "0.0.0.0:61682",
          "Address of the HTTP server (/metrics, /v1/report, /healthz, /readyz).");
  static final Flag AUTH_TOKEN_FILE =
      Flag.of(
          "--auth-token-file",
          "FILE",
          null,
          "Require \"Authorization: Bearer <token>\" on /metrics and /v1/report, the token being"
              + " this file's content (a mounted Secret; read again when it changes). The probes"
              + " stay open. Without it no token is required.");
  static final Flag AUTH_ACCEPT_TOKEN_FILE =
      Flag.of(
          "--auth-accept-token-file",
          "FILE",
          null,
          "With --auth-token-file: also accept the token in this file, for a rotation without"
              + " refusals (the Secret's second key; read again when it changes). An absent file"
              + " accepts nothing more.");
  static final Flag REFRESH_INTERVAL =
      Flag.of(
          "--refresh-interval",
          "DURATION",
          "10s",
          "Pause between two refreshes of every source (1s to 1h).");
  static final Flag ONCE =
      Flag.of(
          "--once",
          "report|metrics",
          null,
          "Collect once, print the node report JSON or the /metrics exposition on stdout, exit 0."
              + " Without it the agent runs as a server.");
  static final Flag LOG_LEVEL =
      Flag.of(
          "--log-level", "LEVEL", "info", "error, warn, info, debug or trace; logs go to stderr.");

  public static final List<Flag> FLAGS =
      List.of(
          NODE_NAME,
          LISTEN,
          AUTH_TOKEN_FILE,
          AUTH_ACCEPT_TOKEN_FILE,
          REFRESH_INTERVAL,
          ONCE,
          LOG_LEVEL);

  private CoreOptions() {}

  public static CoreConfig toConfig(CommandLine cl) throws ConfigException {
    Setting node = cl.get(NODE_NAME);
    String nodeName = node.value();
    if (nodeName == null
        || nodeName.length() > 253
        || !nodeName.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw ConfigException.invalid(
          node.source(),
          "a Kubernetes node name (lowercase letters, digits, '-' and '.', at most 253)",
          nodeName);
    }
    Setting listen = cl.get(LISTEN);
    ListenAddress address = ListenAddress.parse(listen.source(), listen.value());
    Setting refresh = cl.get(REFRESH_INTERVAL);
    Duration interval =
        Values.duration(
            refresh.source(), refresh.value(), Duration.ofSeconds(1), Duration.ofHours(1));
    Setting once = cl.get(ONCE);
    Optional<Once> onceMode = Optional.empty();
    if (once.value() != null) {
      switch (once.value()) {
        case "report" -> onceMode = Optional.of(Once.REPORT);
        case "metrics" -> onceMode = Optional.of(Once.METRICS);
        default -> throw ConfigException.invalid(once.source(), "report or metrics", once.value());
      }
    }
    Setting logLevel = cl.get(LOG_LEVEL);
    if (!LOG_LEVELS.contains(logLevel.value())) {
      throw ConfigException.invalid(
          logLevel.source(), "error, warn, info, debug or trace", logLevel.value());
    }
    Setting token = cl.get(AUTH_TOKEN_FILE);
    if (token.value() != null && token.value().isBlank()) {
      throw ConfigException.invalid(token.source(), "a file path", token.value());
    }
    Setting accept = cl.get(AUTH_ACCEPT_TOKEN_FILE);
    if (accept.value() != null && (accept.value().isBlank() || token.value() == null)) {
      throw ConfigException.invalid(
          accept.source(),
          token.value() == null ? "it only together with --auth-token-file" : "a file path",
          accept.value());
    }
    return new CoreConfig(
        nodeName,
        address,
        Optional.ofNullable(token.value()).map(Path::of),
        Optional.ofNullable(accept.value()).map(Path::of),
        interval,
        onceMode,
        logLevel.value());
  }

  /** The validated core flags. */
  public record CoreConfig(
      String nodeName,
      ListenAddress listen,
      Optional<Path> authTokenFile,
      Optional<Path> authAcceptTokenFile,
      Duration refreshInterval,
      Optional<Once> once,
      String logLevel) {}
}
