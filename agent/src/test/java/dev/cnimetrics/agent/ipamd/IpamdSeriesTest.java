package dev.cnimetrics.agent.ipamd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.report.Latency;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The ipamd series exactly as the naming contract fixes them. */
class IpamdSeriesTest {

  private static String exposition(IpamdSnapshot s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create()
        .write(out, new MetricSnapshots(s.metrics()), EscapingScheme.DEFAULT);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void upServesSelfMetricsAndOneNodeSeriesPerCatalogueValue() throws IOException {
    IpamdValues values =
        new IpamdValues(
            Map.of("eniAllocated", 2.0),
            Map.of("addReqCount", 57.0),
            Map.of("awsAPILatency", new Latency(21389, 82837)),
            Map.of(),
            OptionalDouble.of(1.7e9),
            3);
    IpamdSnapshot s =
        new IpamdSnapshot(
            Instant.EPOCH,
            IpamdSnapshot.State.UP,
            Optional.empty(),
            values,
            OptionalDouble.of(0.25),
            3);
    assertEquals(
        """
        # HELP cni_metrics_agent_ipamd_parse_errors_total Lines of ipamd's metrics skipped as malformed since the agent started.
        # TYPE cni_metrics_agent_ipamd_parse_errors_total counter
        cni_metrics_agent_ipamd_parse_errors_total 3.0
        # HELP cni_metrics_agent_ipamd_scrape_duration_seconds Duration of the last ipamd scrape.
        # TYPE cni_metrics_agent_ipamd_scrape_duration_seconds gauge
        cni_metrics_agent_ipamd_scrape_duration_seconds 0.25
        # HELP cni_metrics_agent_ipamd_up 1 if the last ipamd scrape succeeded, else 0.
        # TYPE cni_metrics_agent_ipamd_up gauge
        cni_metrics_agent_ipamd_up 1.0
        # HELP cni_metrics_node_ipamd The node's CNI catalogue values from ipamd (counters raw and cumulative), by CloudWatch name.
        # TYPE cni_metrics_node_ipamd gauge
        cni_metrics_node_ipamd{metric="addReqCount"} 57.0
        cni_metrics_node_ipamd{metric="awsAPILatency_count"} 82837.0
        cni_metrics_node_ipamd{metric="awsAPILatency_sum"} 21389.0
        cni_metrics_node_ipamd{metric="eniAllocated"} 2.0
        """,
        exposition(s));
  }

  @Test
  void downHasUpZeroAndNoNodeSeries() throws IOException {
    IpamdSnapshot s =
        new IpamdSnapshot(
            Instant.EPOCH,
            IpamdSnapshot.State.DOWN,
            Optional.of("ipamd x: connection refused"),
            IpamdValues.NONE,
            OptionalDouble.of(0.001),
            0);
    String text = exposition(s);
    assertEquals(true, text.contains("cni_metrics_agent_ipamd_up 0.0\n"), text);
    assertEquals(false, text.contains("cni_metrics_node_ipamd"), text);
  }
}
