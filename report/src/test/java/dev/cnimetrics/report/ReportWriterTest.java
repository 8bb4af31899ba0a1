package dev.cnimetrics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  private static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void collectedAtIsUtcToTheMillisecondWithEveryFieldPadded() {
    assertEquals(
        "2026-01-02T03:04:05.006Z",
        ReportWriter.utcMillis(Instant.parse("2026-01-02T03:04:05.006789Z")));
    assertEquals(
        "0999-12-31T23:59:59.000Z", ReportWriter.utcMillis(Instant.parse("0999-12-31T23:59:59Z")));
  }

  /** The same text as the DateTimeFormatter pattern the wire format was written with before. */
  @Test
  void matchesTheFormatterPatternAcrossYears() {
    for (long s = -62_000_000_000L; s < 253_000_000_000L; s += 987_654_321L) {
      Instant t = Instant.ofEpochSecond(s, (s % 1000) * 1_000_003L);
      assertEquals(PATTERN.format(t), ReportWriter.utcMillis(t), t.toString());
    }
  }
}
