package dev.cnimetrics.aggregator.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CycleLoopTest {
  @Test
  void cyclesSitOnWallClockBoundariesOfTheInterval() {
    Duration i = Duration.ofSeconds(30);
    assertEquals(
        Instant.parse("2026-11-21T10:00:30Z"),
        CycleLoop.nextBoundary(Instant.parse("2026-11-21T10:00:00.001Z"), i));
    assertEquals(
        Instant.parse("2026-11-21T10:00:00Z"),
        CycleLoop.nextBoundary(Instant.parse("2026-11-21T10:00:00Z"), i));
    assertEquals(
        Instant.parse("2026-11-21T10:01:00Z"),
        CycleLoop.nextBoundary(Instant.parse("2026-11-21T10:00:59.999Z"), i));
  }
}
