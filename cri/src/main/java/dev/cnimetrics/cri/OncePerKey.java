package dev.cnimetrics.cri;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which keys were seen, up to a bound (oldest forgotten first), so that a pod that keeps
 * failing for the same reason is logged at WARN once instead of every refresh. Not thread-safe:
 * each user owns one and calls it from its refresh thread.
 */
public final class OncePerKey {

  private final Map<String, Boolean> seen;

  public OncePerKey(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** True the first time {@code key} is seen (or after it was forgotten). */
  public boolean first(String key) {
    return seen.put(key, Boolean.TRUE) == null;
  }
}
