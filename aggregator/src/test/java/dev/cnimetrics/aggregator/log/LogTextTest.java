package dev.cnimetrics.aggregator.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Text a broken or malicious agent (or AWS) sends, as it reaches the aggregator's log. */
class LogTextTest {
  @Test
  void foreignTextIsEscapedForTheLog() {
    assertEquals(
        "refused\\n2026-12-01 INFO forged line\\r\\u001b[31mred\\\\",
        LogText.escape("refused\n2026-12-01 INFO forged line\r\u001b[31mred\\"));
    assertEquals("a\\u2028b\\u0085c", LogText.escape("a\u2028b\u0085c"));
    String cut = LogText.escape("x".repeat(1000));
    assertEquals("x".repeat(LogText.MAX) + "…(1000 chars)", cut);
  }
}
