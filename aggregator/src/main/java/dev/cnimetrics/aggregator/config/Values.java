package dev.cnimetrics.aggregator.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for single values; each failure names the source, the expectation and the value. */
final class Values {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private Values() {}

  /** {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1h}; a bare number is seconds (upstream). */
  static Duration duration(String source, String value) throws ConfigException {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches() || m.group(1).length() > 9 || Long.parseLong(m.group(1)) == 0) {
      throw ConfigException.expected(source, "a positive duration such as 30s, 2m or 500ms", value);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static long integer(String source, String value, long min, long max) throws ConfigException {
    try {
      long n = Long.parseLong(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw ConfigException.expected(source, "an integer from " + min + " to " + max, value);
  }

  static boolean bool(String source, String value) throws ConfigException {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw ConfigException.expected(source, "true or false", value);
    };
  }

  static InetSocketAddress hostPort(String source, String value) throws ConfigException {
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    String host = colon <= 0 ? "" : v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = colon < 0 ? "" : v.substring(colon + 1);
    if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw ConfigException.expected(source, "host:port with a port from 0 to 65535", value);
    }
    return InetSocketAddress.createUnresolved(host, Integer.parseInt(port));
  }

  /** A namespace name as the API server accepts it (an RFC 1123 label). */
  static String namespace(String source, String value) throws ConfigException {
    String v = value.trim();
    if (!DNS_LABEL.matcher(v).matches()) {
      throw ConfigException.expected(
          source,
          "a namespace name (at most 63 lower-case letters, digits and '-', starting and ending"
              + " with a letter or digit)",
          value);
    }
    return v;
  }

  static URI httpUri(String source, String value) throws ConfigException {
    try {
      URI uri = new URI(value.trim());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ConfigException.expected(source, "an http:// or https:// URL", value);
  }
}
