package dev.cnimetrics.agent.promtext;

import java.util.Locale;

/**
 * The number syntax of the text format as Go writes and reads it: values are decimal floats with
 * optional exponent, {@code NaN}, or {@code Inf}/{@code Infinity} with optional sign, any letter
 * case; timestamps are integer milliseconds. Stricter than {@link Double#parseDouble}, which would
 * also take {@code 1d} or hex floats.
 */
final class GoNumbers {

  private GoNumbers() {}

  static boolean isFloat(String token) {
    return special(token) != null || isDecimal(token);
  }

  /** The value of a token {@link #isFloat} accepted. */
  static double toDouble(String token) {
    Double special = special(token);
    // isDecimal admits only forms Double.parseDouble accepts, so this cannot throw.
    return special != null ? special : Double.parseDouble(token);
  }

  private static Double special(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  private static boolean isDecimal(String s) {
    int n = s.length();
    int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    int integerStart = i;
    i = skipDigits(s, i);
    int digits = i - integerStart;
    if (i < n && s.charAt(i) == '.') {
      int fractionStart = i + 1;
      i = skipDigits(s, fractionStart);
      digits += i - fractionStart;
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = i;
      i = skipDigits(s, i);
      if (i == exponent) {
        return false;
      }
    }
    return i == n;
  }

  private static int skipDigits(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** An optional minus and 1 to 18 digits: always fits a long (real timestamps have 13). */
  static boolean isMillis(String token) {
    int i = token.startsWith("-") ? 1 : 0;
    int digits = token.length() - i;
    return digits >= 1 && digits <= 18 && skipDigits(token, i) == token.length();
  }
}
