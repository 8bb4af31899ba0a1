package dev.cnimetrics.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program's command line and environment, read against its {@link Flag}s. Arguments are {@code
 * --flag=value} or {@code --flag value}; {@code -h}/{@code --help} and {@code -V}/{@code --version}
 * ask for the help or the version. A flag wins over its environment variables, which win over its
 * default; a blank variable counts as unset (a Kubernetes {@code value: ""}). Every mistake is one
 * {@link ConfigException} line in the format of {@link ConfigException#invalid}.
 */
public final class CommandLine {
  private final Map<Flag, String> given;
  private final Map<String, String> env;
  private final boolean help;
  private final boolean version;

  private CommandLine(
      Map<Flag, String> given, Map<String, String> env, boolean help, boolean version) {
    this.given = given;
    this.env = env;
    this.help = help;
    this.version = version;
  }

  public static CommandLine parse(List<Flag> flags, String[] args, Map<String, String> env)
      throws ConfigException {
    Map<String, Flag> byName = new HashMap<>();
    for (Flag f : flags) {
      if (byName.put(f.name(), f) != null) {
        throw new IllegalArgumentException("flag declared twice: " + f.name());
      }
    }
    Map<Flag, String> given = new LinkedHashMap<>();
    boolean help = false;
    boolean version = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "-h", "--help" -> help = true;
        case "-V", "--version" -> version = true;
        default -> {
          int eq = arg.indexOf('=');
          Flag flag = arg.startsWith("--") ? byName.get(eq < 0 ? arg : arg.substring(0, eq)) : null;
          if (flag == null) {
            throw arg.startsWith("-")
                ? ConfigException.invalid("command line", "a flag that --help lists", arg)
                : ConfigException.invalid("command line", "--flag=value arguments only", arg);
          }
          String value;
          if (eq >= 0) {
            value = arg.substring(eq + 1);
          } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
            value = args[++i];
          } else {
            throw ConfigException.invalid(flag.name(), "a value after the flag", null);
          }
          if (given.putIfAbsent(flag, value) != null) {
            throw new ConfigException(
                flag.name()
                    + ": expected the flag once, found a second value "
                    + ConfigException.show(value));
          }
        }
      }
    }
    return new CommandLine(given, Map.copyOf(env), help, version);
  }

  public boolean helpRequested() {
    return help;
  }

  public boolean versionRequested() {
    return version;
  }

  public Setting get(Flag flag) {
    String value = given.get(flag);
    if (value != null) {
      return new Setting(value, flag.name(), true);
    }
    for (String name : flag.envNames()) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        return new Setting(v, name, true);
      }
    }
    return new Setting(flag.defaultValue().orElse(null), flag.name(), false);
  }

  /**
   * The {@code --help} text: a usage line, the program's summary, then every flag with its
   * description, its variables and its default, wrapped at {@value #WIDTH} columns.
   */
  public static String usage(String program, String summary, List<Flag> flags) {
    StringBuilder out = new StringBuilder("Usage: " + program + " [--flag=VALUE]...\n");
    wrap(out, summary, "");
    out.append('\n');
    for (Flag f : flags) {
      out.append("  ").append(f.name()).append('=').append(f.label()).append('\n');
      String env = "Env " + String.join(", ", f.envNames()) + ".";
      String dflt = f.defaultValue().map(d -> " Default " + d + ".").orElse("");
      wrap(out, f.description() + " " + env + dflt, "      ");
    }
    out.append("  -h, --help\n      Show this help and exit.\n");
    out.append("  -V, --version\n      Print the version and exit.\n");
    return out.toString();
  }

  static final int WIDTH = 100;

  private static void wrap(StringBuilder out, String text, String indent) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" +")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append('\n');
  }
}
