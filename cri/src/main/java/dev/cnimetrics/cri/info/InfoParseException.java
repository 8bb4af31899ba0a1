package dev.cnimetrics.cri.info;

/** The verbose info is not what any supported runtime writes; the message is one line. */
public final class InfoParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public InfoParseException(String message) {
    super(message);
  }
}
