package dev.cnimetrics.agent.cli;

/** A flag as error messages name it: the flag and the environment variable that can set it. */
public record Flag(String name) {

  private static final int MAX_SHOWN = 120;

  public String envName() {
    return EnvDefaults.envName(name);
  }

  /**
   * The one-line error for a bad value, e.g. {@code --refresh-interval (env
   * CNI_METRICS_REFRESH_INTERVAL): expecting a duration from 1s to 1h such as 10s, found '0s'}.
   */
  public ConfigException invalid(String expectation, String found) {
    return new ConfigException(
        name + " (env " + envName() + "): expecting " + expectation + ", found " + show(found));
  }

  /** A value quoted on one line: control characters made visible, long values shortened. */
  static String show(String value) {
    if (value == null) {
      return "nothing";
    }
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < MAX_SHOWN; i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(ch)) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    if (value.length() > MAX_SHOWN) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }
}
