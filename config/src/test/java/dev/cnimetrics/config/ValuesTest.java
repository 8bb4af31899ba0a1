package dev.cnimetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.config.Durations.BareNumber;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every message has the one format, tested exactly. */
class ValuesTest {
  private static final String SRC = "--x";

  private static String error(Executable e) {
    return assertThrows(ConfigException.class, e).getMessage();
  }

  @Test
  void theMessageNamesSourceExpectationAndTheValueQuotedOnOneLine() {
    assertEquals(
        "--x: expected a thing, found \"a\\nb\\u001b[31m \\\"q\\\" \\\\\"",
        ConfigException.invalid(SRC, "a thing", "a\nb\u001b[31m \"q\" \\").getMessage());
    assertEquals(
        "--x: expected a thing, found nothing",
        ConfigException.invalid(SRC, "a thing", null).getMessage());
    assertEquals(
        "--x: expected a thing, found \"" + "v".repeat(120) + "...\"",
        ConfigException.invalid(SRC, "a thing", "v".repeat(500)).getMessage());
  }

  @Test
  void durationsHaveOneGrammarAndABareNumberOnlyWhereAskedFor() {
    assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms", BareNumber.REFUSED));
    assertEquals(Optional.of(Duration.ofMinutes(2)), Durations.parse("2m", BareNumber.REFUSED));
    assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1h", BareNumber.REFUSED));
    assertEquals(Optional.empty(), Durations.parse("30", BareNumber.REFUSED));
    assertEquals(Optional.of(Duration.ofSeconds(30)), Durations.parse("30", BareNumber.SECONDS));
    assertEquals(Optional.empty(), Durations.parse("1.5s", BareNumber.SECONDS));
    assertEquals(Optional.empty(), Durations.parse("-1s", BareNumber.SECONDS));
    assertEquals(Optional.empty(), Durations.parse("1234567890s", BareNumber.SECONDS));
    assertEquals(Optional.empty(), Durations.parse(null, BareNumber.SECONDS));
    for (String s : new String[] {"0s", "10s", "1500ms", "2m", "3h", "90s"}) {
      assertEquals(
          s, Durations.format(Durations.parse(s, BareNumber.REFUSED).orElseThrow()), "round trip");
    }
  }

  @Test
  void durationRangesAndPositiveDurations() throws ConfigException {
    assertEquals(
        Duration.ofSeconds(10),
        Values.duration(SRC, "10s", Duration.ofSeconds(1), Duration.ofHours(1)));
    assertEquals(
        "--x: expected a duration from 1s to 1h written like 500ms, 10s or 2m, found \"0s\"",
        error(() -> Values.duration(SRC, "0s", Duration.ofSeconds(1), Duration.ofHours(1))));
    assertEquals(
        "--x: expected a duration from 1s to 1h written like 500ms, 10s or 2m, found \"10\"",
        error(() -> Values.duration(SRC, "10", Duration.ofSeconds(1), Duration.ofHours(1))));
    assertEquals(Duration.ofSeconds(60), Values.positiveDuration(SRC, "60", BareNumber.SECONDS));
    assertEquals(
        "--x: expected a positive duration such as 30s, 2m or 500ms, found \"60\"",
        error(() -> Values.positiveDuration(SRC, "60", BareNumber.REFUSED)));
    assertEquals(
        "METRIC_UPDATE_INTERVAL: expected a positive duration such as 30s, 2m or 500ms (a bare"
            + " number is seconds), found \"0\"",
        error(() -> Values.positiveDuration("METRIC_UPDATE_INTERVAL", "0", BareNumber.SECONDS)));
  }

  @Test
  void booleansAreWhatGoParseBoolReads() throws ConfigException {
    for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
      assertEquals(true, Values.bool(SRC, t), t);
    }
    for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
      assertEquals(false, Values.bool(SRC, f), f);
    }
    assertEquals(
        "--x: expected true or false, found \"yes\"", error(() -> Values.bool(SRC, "yes")));
    assertEquals(
        "--x: expected true or false, found \"tRUE\"", error(() -> Values.bool(SRC, "tRUE")));
  }

  @Test
  void integersUrlsAndChoices() throws ConfigException {
    assertEquals(1024, Values.integer(SRC, "1024", 1024, 1 << 30));
    assertEquals(
        "--x: expected a whole number from 1024 to 1073741824, found \"8MiB\"",
        error(() -> Values.integer(SRC, "8MiB", 1024, 1 << 30)));
    assertEquals(
        "--x: expected a whole number from 1 to 10, found \"-1\"",
        error(() -> Values.integer(SRC, "-1", 1, 10)));
    assertEquals(
        "--x: expected a whole number from 0 to 9223372036854775807, found"
            + " \"99999999999999999999\"",
        error(() -> Values.integer(SRC, "99999999999999999999", 0, Long.MAX_VALUE)));
    assertEquals(
        URI.create("http://127.0.0.1:61678/metrics"),
        Values.httpUrl(SRC, "http://127.0.0.1:61678/metrics", "http://h/"));
    assertEquals(
        "--x: expected an http:// or https:// URL such as http://h/, found \"ftp://h/\"",
        error(() -> Values.httpUrl(SRC, "ftp://h/", "http://h/")));
    assertEquals(
        "--x: expected an http:// or https:// URL such as http://h/, found \"http://h/?a\"",
        error(() -> Values.httpUrl(SRC, "http://h/?a", "http://h/")));
    assertEquals("metrics", Values.oneOf(SRC, "metrics", "report", "metrics"));
    assertEquals(
        "--x: expected auto, netlink or setns, found \"ebpf\"",
        error(() -> Values.oneOf(SRC, "ebpf", "auto", "netlink", "setns")));
  }
}
