package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.NetnsException;

/** The worker thread could not return to the host namespace. */
final class ReturnFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  ReturnFailedException(NetnsException cause) {
    super(cause.getMessage(), cause, false, false);
  }

  NetnsException failure() {
    return (NetnsException) getCause();
  }
}
