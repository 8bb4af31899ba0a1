package dev.cnimetrics.httpclient;

/**
 * An HTTP request that produced no usable response. The message is one line saying what happened
 * (e.g. {@code connection refused}); the caller prefixes what it was fetching.
 */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  public FetchException(String reason) {
    super(reason, null, false, false);
  }
}
