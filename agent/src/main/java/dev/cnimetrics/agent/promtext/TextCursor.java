package dev.cnimetrics.agent.promtext;

/**
 * A read position inside one line of an exposition. Every method is total: at the end of the line
 * {@link #peek()} answers -1 and the readers answer null, so no input can make it throw.
 */
final class TextCursor {
  private final String text;
  private final int end;
  private int pos;
  private double value;
  private long timestamp;

  TextCursor(String text, int start, int end) {
    this.text = text;
    this.pos = start;
    this.end = end;
  }

  boolean atEnd() {
    return pos >= end;
  }

  int peek() {
    return pos < end ? text.charAt(pos) : -1;
  }

  void advance() {
    pos++;
  }

  boolean atBlank() {
    int ch = peek();
    return ch == ' ' || ch == '\t';
  }

  void skipBlanks() {
    while (atBlank()) {
      pos++;
    }
  }

  /** The characters up to the next blank or the end of the line (possibly empty). */
  String readToken() {
    int start = pos;
    while (pos < end && !atBlank()) {
      pos++;
    }
    return text.substring(start, pos);
  }

  /** A metric name {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, or null. */
  String readMetricName() {
    return readName(true);
  }

  /** A label name {@code [a-zA-Z_][a-zA-Z0-9_]*}, or null. */
  String readLabelName() {
    return readName(false);
  }

  private String readName(boolean colonAllowed) {
    int start = pos;
    while (pos < end) {
      char ch = text.charAt(pos);
      boolean letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
      boolean ok = letter || (colonAllowed && ch == ':') || (pos > start && ch >= '0' && ch <= '9');
      if (!ok) {
        break;
      }
      pos++;
    }
    return pos > start ? text.substring(start, pos) : null;
  }

  /**
   * The rest of a label value after its opening quote, unescaping {@code \\ \" \n}; null for an
   * unknown escape or a missing closing quote.
   */
  String readLabelValue() {
    return readEscaped(true);
  }

  /** The rest of the line as HELP text, unescaping {@code \\ \n}; null for an unknown escape. */
  String readHelpText() {
    return readEscaped(false);
  }

  private String readEscaped(boolean quoted) {
    int start = pos;
    StringBuilder sb = null;
    while (pos < end) {
      char ch = text.charAt(pos);
      if (quoted && ch == '"') {
        pos++;
        return finish(sb, start, pos - 1);
      }
      if (ch == '\\') {
        if (pos + 1 >= end) {
          return null;
        }
        char next = text.charAt(pos + 1);
        char unescaped;
        if (next == '\\') {
          unescaped = '\\';
        } else if (next == 'n') {
          unescaped = '\n';
        } else if (quoted && next == '"') {
          unescaped = '"';
        } else {
          return null;
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, start, pos).append(unescaped);
        pos += 2;
        start = pos;
      } else {
        pos++;
      }
    }
    return quoted ? null : finish(sb, start, pos);
  }

  private String finish(StringBuilder sb, int start, int stop) {
    return sb == null ? text.substring(start, stop) : sb.append(text, start, stop).toString();
  }

  /** Reads a sample value token (Go float syntax, see {@link GoNumbers}); false if not one. */
  boolean readValue() {
    String token = readToken();
    if (!GoNumbers.isFloat(token)) {
      return false;
    }
    value = GoNumbers.toDouble(token);
    return true;
  }

  double value() {
    return value;
  }

  /** Reads an integer millisecond timestamp token; false if the token is not one. */
  boolean readTimestamp() {
    String token = readToken();
    if (!GoNumbers.isMillis(token)) {
      return false;
    }
    timestamp = Long.parseLong(token);
    return true;
  }

  long timestamp() {
    return timestamp;
  }
}
