package dev.cnimetrics.config;

import dev.cnimetrics.config.Durations.BareNumber;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one grammar of single flag and environment values. Each parser takes the value's {@code
 * source} (how a message names where it came from) and fails with {@link ConfigException#invalid}.
 */
public final class Values {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private Values() {}

  /** A duration within {@code [min, max]} ({@link Durations}). */
  public static Duration duration(String source, String text, Duration min, Duration max)
      throws ConfigException {
    Optional<Duration> d = Durations.parse(text, BareNumber.REFUSED);
    if (d.isEmpty() || d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
      throw ConfigException.invalid(
          source,
          "a duration from "
              + Durations.format(min)
              + " to "
              + Durations.format(max)
              + " written like 500ms, 10s or 2m",
          text);
    }
    return d.get();
  }

  /** A duration above zero, of any length. */
  public static Duration positiveDuration(String source, String text, BareNumber bare)
      throws ConfigException {
    Optional<Duration> d = Durations.parse(text, bare);
    if (d.isEmpty() || d.get().isZero()) {
      throw ConfigException.invalid(
          source,
          bare == BareNumber.SECONDS
              ? "a positive duration such as 30s, 2m or 500ms (a bare number is seconds)"
              : "a positive duration such as 30s, 2m or 500ms",
          text);
    }
    return d.get();
  }

  /**
   * {@code true} or {@code false} as Go's {@code strconv.ParseBool} reads them (1, t, T, TRUE,
   * true, True; 0, f, F, FALSE, false, False): the upstream helper's switches ({@code
   * USE_CLOUDWATCH}) are read by Go, so every value an upstream manifest holds means the same here.
   */
  public static boolean bool(String source, String text) throws ConfigException {
    String v = text == null ? "" : text.trim();
    return switch (v) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw ConfigException.invalid(source, "true or false", text);
    };
  }

  /** A whole number within {@code [min, max]}. */
  public static long integer(String source, String text, long min, long max)
      throws ConfigException {
    String v = text == null ? "" : text.trim();
    if (v.matches("[0-9]{1,19}")) {
      try {
        long n = Long.parseLong(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // beyond a long: reported below with the range
      }
    }
    throw ConfigException.invalid(source, "a whole number from " + min + " to " + max, text);
  }

  /** An {@code http://} or {@code https://} URL with a host and no query or fragment. */
  public static URI httpUrl(String source, String text, String example) throws ConfigException {
    String expectation = "an http:// or https:// URL such as " + example;
    if (text != null) {
      try {
        URI uri = new URI(text.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https"))
            && uri.getHost() != null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below like every other unusable URL
      }
    }
    throw ConfigException.invalid(source, expectation, text);
  }

  /** One of {@code choices}, spelled exactly. */
  public static String oneOf(String source, String text, String... choices) throws ConfigException {
    for (String c : choices) {
      if (c.equals(text)) {
        return c;
      }
    }
    throw ConfigException.invalid(source, choiceList(choices), text);
  }

  /** {@code a, b or c}. */
  static String choiceList(String... choices) {
    if (choices.length == 1) {
      return choices[0];
    }
    return String.join(", ", Arrays.copyOf(choices, choices.length - 1))
        + " or "
        + choices[choices.length - 1];
  }

  /** {@code host:port} (IPv6 in brackets), unresolved. */
  public static InetSocketAddress hostPort(String source, String value) throws ConfigException {
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    String host = colon <= 0 ? "" : v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = colon < 0 ? "" : v.substring(colon + 1);
    if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw ConfigException.invalid(source, "host:port with a port from 0 to 65535", value);
    }
    return InetSocketAddress.createUnresolved(host, Integer.parseInt(port));
  }

  /** A namespace name as the API server accepts it (an RFC 1123 label). */
  public static String namespace(String source, String value) throws ConfigException {
    String v = value.trim();
    if (!DNS_LABEL.matcher(v).matches()) {
      throw ConfigException.invalid(
          source,
          "a namespace name (at most 63 lower-case letters, digits and '-', starting and ending"
              + " with a letter or digit)",
          value);
    }
    return v;
  }
}
