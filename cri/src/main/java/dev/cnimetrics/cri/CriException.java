package dev.cnimetrics.cri;

/**
 * A CRI call failed. The message is one line that names the socket, what was expected and what
 * happened, and says what to do; it is meant to be logged as is, without a stack trace.
 */
public final class CriException extends Exception {
  private static final long serialVersionUID = 1L;
  private final CriErrorReason reason;

  public CriException(CriErrorReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public CriErrorReason reason() {
    return reason;
  }
}
