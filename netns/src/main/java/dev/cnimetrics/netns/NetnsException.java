package dev.cnimetrics.netns;

/** A failure with a reason and a one-line message meant for the user (no stack trace needed). */
public final class NetnsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorReason reason;

  public NetnsException(ErrorReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public ErrorReason reason() {
    return reason;
  }
}
