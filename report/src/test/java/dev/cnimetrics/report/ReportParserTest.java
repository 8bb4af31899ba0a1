package dev.cnimetrics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ReportParserTest {
  /** The contract's example, verbatim in shape, plus a field a newer agent might add. */
  private static final String CONTRACT_EXAMPLE =
      """
      {
        "version": 1,
        "node": "ip-10-0-1-23.ec2.internal",
        "collectedAt": "2026-11-21T10:00:00.123Z",
        "futureField": {"ignored": true},
        "ipamd": {"up": true, "error": null, "processStartTimeSeconds": 1763700000.0,
                  "scrapeDurationSeconds": 0.004},
        "gauges":   {"assignIPAddresses": 3, "totalIPAddresses": 30, "totalIPv4Prefixes": 0,
                     "totalAssignedIPv4sPerCidr": 3, "eniAllocated": 2, "eniMaxAvailable": 3,
                     "maxIPAddresses": 29, "ipamdActionInProgress": 0},
        "counters": {"awsAPIErr": 14, "awsUtilErr": 0, "ipamdErr": 0, "forceRemoveENI": 0,
                     "forceRemoveIPs": 0, "reconcileCount": 5, "addReqCount": 100,
                     "delReqCount": 108, "podENIErr": 0, "ec2ApiReqCount": 21, "ec2ApiErrCount": 0},
        "latency":  {"awsAPILatency": {"sum": 21389.0, "count": 82837}},
        "instance": {"id": "i-0123456789abcdef0", "type": "m5.large", "region": "us-east-1",
                     "availabilityZone": "us-east-1a"}
      }
      """;

  private static NodeReport parse(String s) throws ReportException {
    return ReportParser.parse(s.getBytes(StandardCharsets.UTF_8)).report();
  }

  private static String error(String s) {
    return assertThrows(ReportException.class, () -> parse(s)).getMessage();
  }

  @Test
  void readsTheContractExample() throws ReportException {
    NodeReport r = parse(CONTRACT_EXAMPLE);
    assertEquals("ip-10-0-1-23.ec2.internal", r.node());
    assertTrue(r.ipamd().up());
    assertEquals(OptionalDouble.of(1763700000.0), r.ipamd().processStartTimeSeconds());
    assertEquals(OptionalDouble.of(0.004), r.ipamd().scrapeDurationSeconds());
    assertEquals(Instant.parse("2026-11-21T10:00:00.123Z"), r.collectedAt());
    assertEquals(8, r.gauges().size());
    assertEquals(11, r.counters().size());
    assertEquals(100.0, r.counters().get("addReqCount"));
    assertEquals(new Latency(21389.0, 82837), r.latency().get("awsAPILatency"));
    assertEquals(
        Optional.of(new Instance("i-0123456789abcdef0", "m5.large", "us-east-1", "us-east-1a")),
        r.instance());
  }

  @Test
  void readsIpamdDownWithoutInstance() throws ReportException {
    NodeReport r =
        parse(
            "{\"version\":1,\"node\":\"n\",\"ipamd\":{\"up\":false,\"error\":\"ipamd disabled"
                + " (--ipamd-url=none)\",\"processStartTimeSeconds\":null},\"gauges\":{},\"counters\":{},\"latency\":{}}");
    assertFalse(r.ipamd().up());
    assertEquals(Optional.of("ipamd disabled (--ipamd-url=none)"), r.ipamd().error());
    assertEquals(OptionalDouble.empty(), r.ipamd().processStartTimeSeconds());
    assertEquals(Optional.empty(), r.instance());
  }

  @Test
  void rejectsAnotherVersionWithOneLine() {
    assertEquals(
        "expected \"version\": 1, found 2",
        error(CONTRACT_EXAMPLE.replace("\"version\": 1", "\"version\": 2")));
    assertEquals("expected \"version\": 1, found nothing", error("{\"node\":\"n\"}"));
  }

  @Test
  void rejectsBadJsonWithOneLine() {
    assertEquals(
        "expected a JSON report, found invalid JSON (Unexpected character ('<' (code 60)): expected a"
            + " valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
            + " at line 1 column 1)",
        error("<html>"));
    assertEquals("expected a JSON object, found [1]", error("[1]"));
  }

  @Test
  void rejectsWrongTypesNamingThePath() {
    assertEquals(
        "expected a number at counters.addReqCount, found \"many\"",
        error(CONTRACT_EXAMPLE.replace("\"addReqCount\": 100", "\"addReqCount\": \"many\"")));
    assertEquals(
        "expected a boolean at ipamd.up, found \"yes\"",
        error(CONTRACT_EXAMPLE.replace("\"up\": true", "\"up\": \"yes\"")));
    assertEquals(
        "expected a number at latency.awsAPILatency.count, found nothing",
        error(CONTRACT_EXAMPLE.replace(", \"count\": 82837", "")));
  }
}
