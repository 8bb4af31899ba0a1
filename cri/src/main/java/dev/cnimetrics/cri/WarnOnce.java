package dev.cnimetrics.cri;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs a sandbox's problem at WARN the first time and at DEBUG after that, so that a broken pod
 * does not write a line every cycle. Remembers a bounded number of (sandbox, reason) pairs.
 */
final class WarnOnce {
  private final Map<String, Boolean> seen;

  WarnOnce(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  void warn(Logger log, String sandboxId, ErrorReason reason, String message) {
    if (seen.put(sandboxId + "/" + reason.label(), Boolean.TRUE) == null) {
      log.warn("event=sandbox_unresolved reason={} {}", reason.label(), message);
    } else {
      log.debug("event=sandbox_unresolved reason={} {}", reason.label(), message);
    }
  }
}
