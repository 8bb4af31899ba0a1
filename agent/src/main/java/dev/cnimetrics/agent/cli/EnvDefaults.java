package dev.cnimetrics.agent.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads every flag's value from the environment when the command line does not give it, so each
 * flag can be set the Kubernetes way. The variable is {@code CNI_METRICS_} plus the flag name in
 * upper snake case ({@code --ipamd-url} → {@code CNI_METRICS_IPAMD_URL}), except where Kubernetes
 * has a conventional name ({@code --node-name} ← {@code NODE_NAME} from the downward API). Flags
 * added later by other collectors get their variable by the same rule, with no change here.
 */
public final class EnvDefaults implements IDefaultValueProvider {

  private static final Map<String, String> CONVENTIONAL = Map.of("--node-name", "NODE_NAME");

  private final Map<String, String> env;

  public EnvDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The environment variable that supplies a flag's value when the command line does not. */
  public static String envName(String longFlag) {
    String conventional = CONVENTIONAL.get(longFlag);
    if (conventional != null) {
      return conventional;
    }
    String bare = longFlag.replaceFirst("^-+", "");
    return "CNI_METRICS_" + bare.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * How a message names a flag's value: {@code --refresh-interval (env
   * CNI_METRICS_REFRESH_INTERVAL)}, the flag and the variable that can set it.
   */
  public static String source(String longFlag) {
    return longFlag + " (env " + envName(longFlag) + ")";
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
      String value = env.get(envName(option.longestName()));
      // picocli expands ${...} in default values; "$${" keeps an environment value literal.
      return value == null ? null : value.replace("${", "$${");
    }
    return null;
  }
}
