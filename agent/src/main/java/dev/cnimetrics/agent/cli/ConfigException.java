package dev.cnimetrics.agent.cli;

/** A flag value the agent cannot run with; the message is the one line shown to the user. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
