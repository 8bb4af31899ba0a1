package dev.cnimetrics.httpserver;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections and requests the server refused, counted by reason on {@code /metrics} and logged at
 * most one line per reason per minute: an attack that is shed thousands of times a second must not
 * become a log flood.
 */
final class Shed {
  private static final Logger log = LoggerFactory.getLogger(Shed.class);
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  enum Reason {
    CONNECTION_LIMIT("connections open at the limit"),
    READ_DEADLINE("request head not complete before the read deadline"),
    WRITE_DEADLINE("answer not read before the write deadline"),
    BUSY("every worker busy and the queue full"),
    HEAD_TOO_LARGE("request head larger than the limit"),
    BAD_REQUEST("request head not HTTP/1.x"),
    UNAUTHORIZED("request without this server's bearer token");

    final String meaning;

    Reason(String meaning) {
      this.meaning = meaning;
    }

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String server;
  private final Counter counter;
  private final LongSupplier nanoTime;
  private final Map<Reason, long[]> pending = new EnumMap<>(Reason.class);

  Shed(String server, String metricPrefix, PrometheusRegistry registry, LongSupplier nanoTime) {
    this.server = server;
    this.nanoTime = nanoTime;
    this.counter =
        Counter.builder()
            .name(metricPrefix + "_http_shed")
            .help("Connections or requests the HTTP server refused, by reason")
            .labelNames("reason")
            .register(registry);
    for (Reason r : Reason.values()) {
      counter.labelValues(r.label());
    }
  }

  /** One refusal; logs when this reason has not been logged for a minute. */
  synchronized void count(Reason reason) {
    counter.labelValues(reason.label()).inc();
    long now = nanoTime.getAsLong();
    long[] state = pending.computeIfAbsent(reason, r -> new long[] {now - LOG_EVERY_NANOS, 0});
    state[1]++;
    if (now - state[0] >= LOG_EVERY_NANOS) {
      log.warn(
          "http server={} shed reason={} count={} ({}; counted in the http_shed_total series)",
          server,
          reason.label(),
          state[1],
          reason.meaning);
      state[0] = now;
      state[1] = 0;
    }
  }
}
