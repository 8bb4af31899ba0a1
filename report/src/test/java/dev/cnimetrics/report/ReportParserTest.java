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

  private static String withEnis(String enis) {
    return CONTRACT_EXAMPLE.replace("\"instance\":", "\"enis\": " + enis + ",\n  \"instance\":");
  }

  @Test
  void readsTheEnisAndTheirSubnets() throws ReportException {
    NodeReport r =
        parse(
            withEnis(
                "{\"eni-0a1b2c3d4e5f60001\": {\"subnetId\": \"subnet-0a1b2c3d4e5f60001\","
                    + " \"assignedIPAddresses\": 5, \"availableIPAddresses\": 4},"
                    + " \"eni-0a1b2c3d\": {\"subnetId\": null, \"assignedIPAddresses\": 2}}"));
    assertEquals(
        new Eni(
            Optional.of("subnet-0a1b2c3d4e5f60001"), OptionalDouble.of(5), OptionalDouble.of(4)),
        r.enis().get("eni-0a1b2c3d4e5f60001"));
    assertEquals(
        new Eni(Optional.empty(), OptionalDouble.of(2), OptionalDouble.empty()),
        r.enis().get("eni-0a1b2c3d"));
    assertEquals(java.util.Set.of("subnet-0a1b2c3d4e5f60001"), r.subnetIds());
    assertEquals(java.util.Map.of(), parse(CONTRACT_EXAMPLE).enis(), "older agents: none");
  }

  @Test
  void aSubnetIdThatIsNotOneRefusesTheReportNamingWhereAndWhat() {
    assertEquals(
        "expected a subnet id such as subnet-0a1b2c3d at enis.eni-0a1b2c3d.subnetId, found"
            + " \"subnet-../../x\"",
        error(withEnis("{\"eni-0a1b2c3d\": {\"subnetId\": \"subnet-../../x\"}}")));
    assertEquals(
        "expected ENI ids such as eni-0a1b2c3d as the keys of enis, found \"lo\"",
        error(withEnis("{\"lo\": {}}")));
    assertEquals(
        "expected a finite number from 0 to 2^360 at enis.eni-0a1b2c3d.assignedIPAddresses, found"
            + " -1",
        error(withEnis("{\"eni-0a1b2c3d\": {\"assignedIPAddresses\": -1}}")));
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 129; i++) {
      many.append(i == 0 ? "" : ",").append(String.format("\"eni-%08x\": {}", i));
    }
    assertEquals(
        "expected at most 128 ENIs at enis, found 129",
        error(withEnis(many.append("}").toString())));
  }
}
