package dev.cnimetrics.agent.ipamd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.report.Latency;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CatalogueExtractorTest {

  private static IpamdValues extract(String text) {
    return CatalogueExtractor.extract(PrometheusTextParser.parse(text));
  }

  @Test
  void todaysFormatSumsLabelSeriesAndReadsTheQuantilelessSummary() {
    IpamdValues v = extract(Fixtures.text("ipamd/current.prom"));
    assertEquals(7.0, v.gauges().get("totalAssignedIPv4sPerCidr"), "4 CIDRs: 4+2+1+0");
    assertEquals(1.0, v.gauges().get("ipamdActionInProgress"));
    assertEquals(16.0, v.counters().get("awsAPIErr"), "3 api/error series");
    assertEquals(51.0, v.counters().get("delReqCount"));
    assertEquals(0.0, v.counters().get("podENIErr"), "absent counter family = 0");
    assertEquals(new Latency(23443.75, 40546), v.latency().get("awsAPILatency"));
    assertEquals(OptionalDouble.of(1763700000.12), v.processStartTimeSeconds());
  }

  @Test
  void the2019FormatIgnoresQuantilesAndOmitsGaugesItDoesNotHave() {
    IpamdValues v = extract(Fixtures.text("ipamd/v2019.prom"));
    assertEquals(new Latency(9782, 70042), v.latency().get("awsAPILatency"));
    assertEquals(false, v.gauges().containsKey("totalIPv4Prefixes"));
    assertEquals(false, v.gauges().containsKey("totalAssignedIPv4sPerCidr"));
    assertEquals(7, v.gauges().size(), "6 of ipamd's and the derived availableIPAddresses");
    assertEquals(10.0, v.gauges().get("availableIPAddresses"), "total 14 - assigned 4");
    assertEquals(11, v.counters().size());
    assertEquals(
        false,
        v.counters().containsKey("noAvailableIPAddresses"),
        "an ipamd without the family cannot count it: omitted, not 0");
    assertEquals(Map.of(), v.assignedPerEni());
  }

  @Test
  void todaysIpamdCountsFailedAssignmentsAndAssignedIpsPerEni() {
    IpamdValues v = extract(Fixtures.text("ipamd/current.prom"));
    assertEquals(0.0, v.counters().get("noAvailableIPAddresses"));
    assertEquals(23.0, v.gauges().get("availableIPAddresses"), "total 30 - assigned 7");
    assertEquals(
        Map.of("eni-0a1b2c3d4e5f60001", 5.0, "eni-0a1b2c3d4e5f60002", 2.0), v.assignedPerEni());
  }

  @Test
  void freeIpsNeedBothGaugesAndAreNeverNegative() {
    assertEquals(
        false,
        stream("awscni_total_ip_addresses 10\n", 100)
            .values()
            .gauges()
            .containsKey("availableIPAddresses"));
    assertEquals(
        0.0,
        stream("awscni_total_ip_addresses 10\nawscni_assigned_ip_addresses 11\n", 100)
            .values()
            .gauges()
            .get("availableIPAddresses"));
    assertEquals(
        Map.of("eni-1", 3.0),
        stream(
                "awscni_assigned_ip_per_eni{eni=\"eni-1\"} 3\nawscni_assigned_ip_per_eni 4\n"
                    + "awscni_assigned_ip_per_eni{eni=\"eni-2\"} NaN\n",
                100)
            .values()
            .assignedPerEni(),
        "no eni label or no number: skipped");
  }

  private static CatalogueExtractor stream(String text, int maxSeries) {
    CatalogueExtractor x = new CatalogueExtractor(maxSeries);
    PrometheusTextParser.parse(text, x);
    return x;
  }

  @Test
  void nanIsSkippedAndAnInfiniteNegativeOrOverflowingFamilyIsBroken() {
    CatalogueExtractor nan = stream("awscni_ip_max NaN\nawscni_eni_max 3\n", 100);
    assertEquals(Optional.empty(), nan.problem());
    assertEquals(Map.of("eniMaxAvailable", 3.0), nan.values().gauges(), "NaN-only = unknown");

    CatalogueExtractor inf =
        stream("awscni_eni_max{x=\"a\"} +Inf\nawscni_eni_max{x=\"b\"} 3\nawscni_ip_max 9\n", 100);
    assertEquals(
        Optional.of("awscni_eni_max: the sum of its series is not a finite number"), inf.problem());
    assertEquals(Map.of("maxIPAddresses", 9.0), inf.values().gauges(), "broken family left out");

    assertEquals(
        Optional.of("awscni_add_ip_req_count: negative counter value -5.0"),
        stream("awscni_add_ip_req_count -5\n", 100).problem());
    assertEquals(
        Optional.of("awscni_add_ip_req_count: negative counter value -Infinity"),
        stream("awscni_add_ip_req_count -Inf\n", 100).problem());
    assertEquals(
        Optional.of("awscni_ip_max: negative gauge value -1.0"),
        stream("awscni_ip_max -1\n", 100).problem());
    // Two finite series whose sum is +Infinity (the agent once reported the string "Infinity").
    assertEquals(
        Optional.of("awscni_ipamd_error_count: the sum of its series is not a finite number"),
        stream(
                "awscni_ipamd_error_count{fn=\"a\"} 1.7e308\n"
                    + "awscni_ipamd_error_count{fn=\"b\"} 1.7e308\n",
                100)
            .problem());
  }

  @Test
  void aDuplicatedSeriesCountsOnce() {
    CatalogueExtractor x =
        stream(
            "awscni_add_ip_req_count 5\nawscni_add_ip_req_count 5\n"
                + "awscni_del_ip_req_count{reason=\"a\",x=\"1\"} 2\n"
                + "awscni_del_ip_req_count{x=\"1\",reason=\"a\"} 2\n"
                + "awscni_del_ip_req_count{reason=\"b\"} 3\n",
            100);
    assertEquals(5.0, x.values().counters().get("addReqCount"));
    assertEquals(5.0, x.values().counters().get("delReqCount"), "label order does not matter");
    assertEquals(2, x.duplicates());
  }

  @Test
  void theParseStopsPastTheSeriesCap() {
    CatalogueExtractor x = stream("awscni_ip_max 1\na 1\nb 1\nc 1\nawscni_eni_max 3\n", 3);
    assertEquals(
        Optional.of("more than 3 series in the response (ipamd has a few hundred)"), x.problem());
    assertEquals(4, x.samples(), "stopped after the first sample over the cap");
  }

  @Test
  void anotherExportersMetricsHaveNoIpamdSamples() {
    IpamdValues v = extract("node_load1 0.5\nprocess_start_time_seconds 17\n");
    assertEquals(0, v.ipamdSamples());
    assertEquals(Map.of(), v.gauges());
    assertEquals(OptionalDouble.of(17), v.processStartTimeSeconds());
  }
}
