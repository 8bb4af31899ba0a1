package dev.cnimetrics.aggregator.config;

/** A configuration value a user got wrong; the message is the one line to print. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message, null, false, false);
  }

  static ConfigException expected(String source, String expectation, String found) {
    return new ConfigException(source + ": expected " + expectation + ", found \"" + found + "\"");
  }
}
