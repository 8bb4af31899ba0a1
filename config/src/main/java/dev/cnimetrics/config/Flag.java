package dev.cnimetrics.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One flag of a program: its long name, how its value looks in the help, what it does, its default
 * and the environment variables that may set it instead, in order of precedence. The first variable
 * is always {@code CNI_METRICS_} plus the name in upper snake case ({@code --ipamd-url} → {@code
 * CNI_METRICS_IPAMD_URL}), so every flag can be set the Kubernetes way by one rule; {@link #orEnv}
 * adds names other programs already use (the downward API's {@code NODE_NAME}, the upstream
 * helper's {@code METRIC_UPDATE_INTERVAL}).
 *
 * @param defaultValue empty when the flag has none (the program then decides what absent means)
 */
public record Flag(
    String name,
    String label,
    String description,
    Optional<String> defaultValue,
    List<String> envNames) {

  public Flag {
    if (!name.matches("--[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("flag names look like --two-words: " + name);
    }
    envNames = List.copyOf(envNames);
  }

  /**
   * @param defaultValue null when the flag has no default
   */
  public static Flag of(String name, String label, String defaultValue, String description) {
    String own = "CNI_METRICS_" + name.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    return new Flag(name, label, description, Optional.ofNullable(defaultValue), List.of(own));
  }

  /** This flag, also set by {@code names} (after its own variable) when the command line is not. */
  public Flag orEnv(String... names) {
    List<String> all = new ArrayList<>(envNames);
    all.addAll(List.of(names));
    return new Flag(name, label, description, defaultValue, all);
  }
}
