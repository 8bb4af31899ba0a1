package dev.cnimetrics.agent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Validation of flag values shared by the option groups; each failure names flag and value. */
public final class FlagValues {

  private FlagValues() {}

  public static Duration duration(Flag flag, String text, Duration min, Duration max)
      throws ConfigException {
    Optional<Duration> d = text == null ? Optional.empty() : Durations.parse(text);
    if (d.isEmpty() || d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
      throw flag.invalid(
          "a duration from "
              + Durations.format(min)
              + " to "
              + Durations.format(max)
              + " written like 500ms, 10s or 2m",
          text);
    }
    return d.get();
  }

  public static URI httpUrl(Flag flag, String text, String example) throws ConfigException {
    String expectation = "an http:// or https:// URL such as " + example;
    if (text == null) {
      throw flag.invalid(expectation, null);
    }
    try {
      URI uri = new URI(text);
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
    throw flag.invalid(expectation, text);
  }

  public static boolean bool(Flag flag, String text) throws ConfigException {
    if ("true".equals(text)) {
      return true;
    }
    if ("false".equals(text)) {
      return false;
    }
    throw flag.invalid("true or false", text);
  }

  public static int integer(Flag flag, String text, int min, int max) throws ConfigException {
    if (text != null && text.matches("[0-9]{1,10}")) {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return (int) value;
      }
    }
    throw flag.invalid("a whole number from " + min + " to " + max, text);
  }
}
