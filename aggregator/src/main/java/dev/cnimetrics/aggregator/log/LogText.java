package dev.cnimetrics.aggregator.log;

/**
 * Text from outside (an agent's ipamd error, a node name, an AWS error message) made safe for a log
 * line: control characters, line and paragraph separators and backslashes are escaped, so a report
 * cannot forge a log line or send terminal escapes, and the text is cut at {@link #MAX} characters.
 */
public final class LogText {
  public static final int MAX = 300;

  private LogText() {}

  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 16);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= MAX) {
        return out.append("…(").append(text.length()).append(" chars)").toString();
      }
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
