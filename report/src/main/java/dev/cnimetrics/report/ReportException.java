package dev.cnimetrics.report;

/** A report that is not a valid version-1 node report; the message is one line for users. */
public final class ReportException extends Exception {
  private static final long serialVersionUID = 1L;

  public ReportException(String message) {
    super(message, null, false, false);
  }
}
