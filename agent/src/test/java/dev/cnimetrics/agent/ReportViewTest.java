package dev.cnimetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.agent.ipamd.CatalogueExtractor;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.ipamd.IpamdValues;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.NodeReport;
import dev.cnimetrics.report.ParsedReport;
import dev.cnimetrics.report.ReportException;
import dev.cnimetrics.report.ReportParser;
import dev.cnimetrics.report.ReportWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Fixture in, exact report JSON out: one expected file per ipamd fixture; and that JSON read back
 * by the aggregator's parser is the report the agent meant, so a field renamed on either side
 * fails.
 */
class ReportViewTest {

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
        ReportView.report(
            "ip-10-0-1-23.ec2.internal",
            up("ipamd/current.prom", "2026-11-21T10:00:00.123456Z", 0.004),
            Optional.of(
                new Instance("i-0123456789abcdef0", "m5.large", "us-east-1", "us-east-1a")));
    assertEquals(Fixtures.text("ipamd/current.report.json"), write(report));
  }

  @Test
  void ipamdOf2019WithoutInstanceMetadata() {
    NodeReport report =
        ReportView.report(
            "ip-192-168-20-7.us-west-2.compute.internal",
            up("ipamd/v2019.prom", "2019-04-22T12:30:05Z", 0.0125),
            Optional.empty());
    assertEquals(Fixtures.text("ipamd/v2019.report.json"), write(report));
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
          "latency" : { },
          "enis" : { }
        }
        """,
        write(ReportView.report("n1", down, Optional.empty())));
  }

  @Test
  void ipamdDisabledSaysSoAndHasNoScrapeDuration() {
    String json =
        write(
            ReportView.report(
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

  /** The writer's output, after checking the parser reads back exactly the report written. */
  private static String write(NodeReport report) {
    String json = ReportWriter.write(report);
    ParsedReport parsed;
    try {
      parsed = ReportParser.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (ReportException e) {
      throw new AssertionError("the parser refused the agent's own report: " + e.getMessage(), e);
    }
    assertEquals(0, parsed.ignoredKeys(), "every name the agent writes is in the catalogue");
    assertEquals(millis(report), parsed.report());
    return json;
  }

  /** The wire format carries collectedAt to the millisecond. */
  private static NodeReport millis(NodeReport r) {
    return new NodeReport(
        r.node(),
        r.collectedAt().truncatedTo(ChronoUnit.MILLIS),
        r.ipamd(),
        r.gauges(),
        r.counters(),
        r.latency(),
        r.instance(),
        r.enis());
  }
}
