package dev.cnimetrics.cri.config;

/** A configuration value a user gave is wrong; the message is one line fit for the terminal. */
public final class CriConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public CriConfigException(String message) {
    super(message);
  }
}
