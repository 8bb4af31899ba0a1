package dev.cnimetrics.agent;

/** The agent cannot start with valid flags (e.g. its port is taken); one line for the user. */
public final class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message, null, false, false);
  }
}
