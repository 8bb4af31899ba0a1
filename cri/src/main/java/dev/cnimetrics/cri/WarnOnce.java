package dev.cnimetrics.cri;

import org.slf4j.Logger;

/**
 * Logs a sandbox's problem at WARN the first time and at DEBUG after that, so that a broken pod
 * does not write a line every cycle. Remembers a bounded number of (sandbox, reason) pairs.
 */
final class WarnOnce {
  private final OncePerKey seen;

  WarnOnce(int capacity) {
    this.seen = new OncePerKey(capacity);
  }

  void warn(Logger log, String sandboxId, CriErrorReason reason, String message) {
    if (seen.first(sandboxId + "/" + reason.label())) {
      log.warn("event=sandbox_unresolved reason={} {}", reason.label(), message);
    } else {
      log.debug("event=sandbox_unresolved reason={} {}", reason.label(), message);
    }
  }
}
