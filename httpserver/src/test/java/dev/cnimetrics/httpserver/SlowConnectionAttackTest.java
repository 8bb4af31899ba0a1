package dev.cnimetrics.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 50 (and 400) sockets send /metrics headers one byte per second and reconnect when shed; meanwhile
 * a scraper's /metrics and the probes must be answered. Asserted functionally (an answer before a
 * generous deadline while the attack is connected); the times are printed for the record.
 */
class SlowConnectionAttackTest {
  @Test
  void metricsAndProbesAnswerDuringASlowHeaderAttack() throws Exception {
    attack(50);
  }

  /** More slow sockets than the server's connection limit (256): the oldest half-sent make room. */
  @Test
  void metricsAndProbesAnswerWhenTheAttackOutnumbersTheConnectionLimit() throws Exception {
    attack(400);
  }

  private static void attack(int sockets) throws Exception {
    PrometheusRegistry registry = Servers.registry();
    try (BoundedHttpServer server = Servers.start(registry, ServerLimits.DEFAULT)) {
      int port = server.port();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Servers.GENEROUS).build();
      try (SlowSenders attack = new SlowSenders(server.address(), sockets, 1000)) {
        Thread.sleep(1500);
        List<Long> millis = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          HttpResponse<String> r = Servers.get(client, port, "/metrics");
          millis.add((System.nanoTime() - start) / 1_000_000);
          assertEquals(200, r.statusCode());
          assertTrue(r.body().contains("attack_probe_total 1.0"), r.body());
          assertEquals(200, Servers.get(client, port, "/healthz").statusCode());
          assertTrue(
              attack.connected() >= sockets / 2, "attack sockets connected: " + attack.connected());
          Thread.sleep(200);
        }
        assertTrue(attack.reconnects() > 0, "the read deadline never shed an attack socket");
        Collections.sort(millis);
        System.out.printf(
            "slow-connection attack (%d sockets, 1 byte/s): %d /metrics answers, median %d ms,"
                + " max %d ms, attacker reconnects %d%n",
            sockets,
            millis.size(),
            millis.get(millis.size() / 2),
            millis.get(millis.size() - 1),
            attack.reconnects());
      }
      String shed = Servers.get(client, port, "/metrics").body();
      assertTrue(
          shed.contains(
              sockets > ServerLimits.DEFAULT.maxConnections()
                  ? "test_http_shed_total{reason=\"connection_limit\"}"
                  : "test_http_shed_total{reason=\"read_deadline\"}"),
          shed);
    }
  }
}
