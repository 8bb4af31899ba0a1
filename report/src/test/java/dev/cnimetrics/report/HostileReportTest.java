package dev.cnimetrics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reports a broken or malicious agent sends: refused whole with one line, or trimmed to the
 * catalogue.
 */
class HostileReportTest {
  private static String report(String gauges, String counters) {
    return "{\"version\":1,\"node\":\"n\",\"ipamd\":{\"up\":true,\"processStartTimeSeconds\":1.0},"
        + "\"gauges\":{"
        + gauges
        + "},\"counters\":{"
        + counters
        + "},\"latency\":{\"awsAPILatency\":{\"sum\":1.0,\"count\":1.0}}}";
  }

  private static ParsedReport parse(String s) throws ReportException {
    return ReportParser.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String s) {
    return assertThrows(ReportException.class, () -> parse(s)).getMessage();
  }

  @Test
  void nonFiniteNegativeAndHugeValuesAreRefusedNamingTheField() {
    assertEquals(
        "expected a finite number from 0 to 2^360 at counters.addReqCount, found a number beyond the range of a double",
        error(report("", "\"addReqCount\":1e400")));
    assertEquals(
        "expected a finite number from 0 to 2^360 at gauges.totalIPAddresses, found -1.0E9",
        error(report("\"totalIPAddresses\":-1e9", "")));
    assertEquals(
        "expected a finite number from 0 to 2^360 at counters.addReqCount, found 1.0E200",
        error(report("", "\"addReqCount\":1e200")));
    String digits = "9".repeat(400);
    assertEquals(
        "expected a finite number from 0 to 2^360 at counters.ipamdErr, found a number beyond"
            + " the range of a double",
        error(report("", "\"ipamdErr\":" + digits)));
    assertEquals(
        "expected a finite number from 0 to 2^360 at ipamd.processStartTimeSeconds, found -5",
        error(
            report("", "")
                .replace("\"processStartTimeSeconds\":1.0", "\"processStartTimeSeconds\":-5")));
  }

  @Test
  void namesOutsideTheCatalogueAreIgnoredAndCounted() throws Exception {
    ParsedReport p =
        parse(report("\"assignIPAddresses\":3,\"myOwnMetric\":5", "\"addReqCount\":7,\"x\":1"));
    assertEquals(Map.of("assignIPAddresses", 3.0), p.report().gauges());
    assertEquals(Map.of("addReqCount", 7.0), p.report().counters());
    assertEquals(2, p.ignoredKeys());
  }

  @Test
  void aReportWithThousandsOfKeysIsRefusedWhole() {
    StringBuilder many = new StringBuilder("\"addReqCount\":1");
    for (int i = 0; i < 6000; i++) {
      many.append(",\"extra").append(i).append("\":1");
    }
    assertEquals(
        "expected at most 100 fields in gauges, counters and latency, found 6002",
        error(report("", many.toString())));
  }
}
