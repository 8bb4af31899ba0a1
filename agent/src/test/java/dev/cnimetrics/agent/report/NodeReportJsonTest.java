package dev.cnimetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.agent.imds.InstanceMetadata;
import dev.cnimetrics.agent.ipamd.CatalogueExtractor;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.ipamd.IpamdValues;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.testing.Fixtures;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Fixture in, exact report JSON out: one expected file per ipamd fixture. */
class NodeReportJsonTest {

  private static IpamdSnapshot up(String fixture, String at, double duration) {
    IpamdValues values =
        CatalogueExtractor.extract(PrometheusTextParser.parse(Fixtures.text(fixture)));
    return new IpamdSnapshot(
        Instant.parse(at),
        IpamdSnapshot.State.UP,
        Optional.empty(),
        values,
        OptionalDouble.of(duration),
        0);
  }

  @Test
  void todaysIpamdWithInstanceMetadata() {
    NodeReport report =
        new NodeReport(
            "ip-10-0-1-23.ec2.internal",
            up("ipamd/current.prom", "2026-11-21T10:00:00.123456Z", 0.004),
            Optional.of(
                new InstanceMetadata(
                    "i-0123456789abcdef0", "m5.large", "us-east-1", "us-east-1a")));
    assertEquals(Fixtures.text("ipamd/current.report.json"), NodeReportJson.write(report));
  }

  @Test
  void ipamdOf2019WithoutInstanceMetadata() {
    NodeReport report =
        new NodeReport(
            "ip-192-168-20-7.us-west-2.compute.internal",
            up("ipamd/v2019.prom", "2019-04-22T12:30:05Z", 0.0125),
            Optional.empty());
    assertEquals(Fixtures.text("ipamd/v2019.report.json"), NodeReportJson.write(report));
  }

  @Test
  void ipamdDownHasTheErrorAndEmptyCategories() {
    IpamdSnapshot down =
        new IpamdSnapshot(
            Instant.parse("2026-11-21T10:00:00Z"),
            IpamdSnapshot.State.DOWN,
            Optional.of("ipamd http://127.0.0.1:61678/metrics: connection refused"),
            IpamdValues.NONE,
            OptionalDouble.of(0.5),
            0);
    assertEquals(
        """
        {
          "version" : 1,
          "node" : "n1",
          "collectedAt" : "2026-11-21T10:00:00.000Z",
          "ipamd" : {
            "up" : false,
            "error" : "ipamd http://127.0.0.1:61678/metrics: connection refused",
            "processStartTimeSeconds" : null,
            "scrapeDurationSeconds" : 0.5
          },
          "gauges" : { },
          "counters" : { },
          "latency" : { }
        }
        """,
        NodeReportJson.write(new NodeReport("n1", down, Optional.empty())));
  }

  @Test
  void ipamdDisabledSaysSoAndHasNoScrapeDuration() {
    String json =
        NodeReportJson.write(
            new NodeReport(
                "n1",
                IpamdSnapshot.disabled(Instant.parse("2026-11-21T10:00:00Z")),
                Optional.empty()));
    assertEquals(
        true,
        json.contains(
            "\"up\" : false,\n    \"error\" : \"ipamd disabled (--ipamd-url=none)\",\n"
                + "    \"processStartTimeSeconds\" : null,\n    \"scrapeDurationSeconds\" : null"),
        json);
  }
}
