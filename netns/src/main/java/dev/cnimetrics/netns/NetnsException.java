package dev.cnimetrics.netns;

/** A failure with a reason and a one-line message meant for the user (no stack trace needed). */
public final class NetnsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final NetnsErrorReason reason;

  public NetnsException(NetnsErrorReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public NetnsErrorReason reason() {
    return reason;
  }
}
