package dev.cnimetrics.agent.ipamd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.testing.Fixtures;
import java.util.Map;
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
    assertEquals(6, v.gauges().size());
    assertEquals(11, v.counters().size());
  }

  @Test
  void nonFiniteValuesAreSkippedAndTheRestSummed() {
    IpamdValues v =
        extract(
            "awscni_ip_max NaN\n"
                + "awscni_eni_max{x=\"a\"} +Inf\nawscni_eni_max{x=\"b\"} 3\n"
                + "awscni_add_ip_req_count -Inf\n");
    assertEquals(Map.of("eniMaxAvailable", 3.0), v.gauges(), "a NaN-only gauge is unknown");
    assertEquals(0.0, v.counters().get("addReqCount"));
    assertEquals(4, v.ipamdSamples());
  }

  @Test
  void anotherExportersMetricsHaveNoIpamdSamples() {
    IpamdValues v = extract("node_load1 0.5\nprocess_start_time_seconds 17\n");
    assertEquals(0, v.ipamdSamples());
    assertEquals(Map.of(), v.gauges());
    assertEquals(OptionalDouble.of(17), v.processStartTimeSeconds());
  }
}
