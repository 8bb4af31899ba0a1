package dev.cnimetrics.aggregator.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureLogTest {
  @Test
  void firstFailureChangedReasonReminderAndRecovery() {
    FailureLog log = new FailureLog(Duration.ofMinutes(10));
    Instant t = Instant.EPOCH;
    assertEquals(
        Optional.of("agent a: connection refused"),
        log.failed("a", "agent a: connection refused", t));
    assertEquals(
        Optional.empty(), log.failed("a", "agent a: connection refused", t.plusSeconds(30)));
    assertEquals(
        Optional.empty(), log.failed("a", "agent a: connection refused", t.plusSeconds(60)));
    assertEquals(
        Optional.of("agent a: connection refused (2 more failures since)"),
        log.failed("a", "agent a: connection refused", t.plusSeconds(600)));
    assertEquals(
        Optional.of("agent a: no report within 5s"),
        log.failed("a", "agent a: no report within 5s", t.plusSeconds(630)));
    assertEquals(Optional.of("agent a: reporting again"), log.answered("a", "agent a"));
    assertEquals(Optional.empty(), log.answered("a", "agent a"));
  }
}
