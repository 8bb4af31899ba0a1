package dev.cnimetrics.config;

/**
 * A configuration value a program cannot run with. The message is the one line shown to the user,
 * always {@code SOURCE: expected EXPECTATION, found "VALUE"} ({@link #invalid}), where SOURCE names
 * the flag or the environment variable that set it ({@link Setting#source}).
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How much of a bad value a message repeats. */
  static final int MAX_SHOWN = 120;

  public ConfigException(String message) {
    super(message, null, false, false);
  }

  /**
   * {@code --refresh-interval: expected a duration from 1s to 1h written like 500ms, 10s or 2m,
   * found "0s"}; a missing value is {@code found nothing}.
   */
  public static ConfigException invalid(String source, String expectation, String found) {
    return new ConfigException(source + ": expected " + expectation + ", found " + show(found));
  }

  /** A value quoted on one line: control characters made visible, long values shortened. */
  static String show(String value) {
    if (value == null) {
      return "nothing";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length() && i < MAX_SHOWN; i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
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
    return sb.append('"').toString();
  }
}
