package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.agent.collect.Gauges;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ipamd collector's series on the agent's {@code /metrics} (names: naming contract). */
final class IpamdSeries {

  static final String UP = "cni_metrics_agent_ipamd_up";
  static final String SCRAPE_DURATION = "cni_metrics_agent_ipamd_scrape_duration_seconds";
  // The exposition writer appends _total to counters.
  static final String PARSE_ERRORS = "cni_metrics_agent_ipamd_parse_errors";
  static final String NODE_IPAMD = "cni_metrics_node_ipamd";

  private IpamdSeries() {}

  static List<MetricSnapshot> of(IpamdSnapshot s) {
    if (s.state() == IpamdSnapshot.State.DISABLED) {
      return List.of();
    }
    List<MetricSnapshot> out = new ArrayList<>();
    out.add(Gauges.of(UP, "1 if the last ipamd scrape succeeded, else 0.", s.up() ? 1 : 0));
    s.scrapeDurationSeconds()
        .ifPresent(
            d -> out.add(Gauges.of(SCRAPE_DURATION, "Duration of the last ipamd scrape.", d)));
    out.add(
        CounterSnapshot.builder()
            .name(PARSE_ERRORS)
            .help("Lines of ipamd's metrics skipped as malformed since the agent started.")
            .dataPoint(CounterDataPointSnapshot.builder().value(s.parseErrorsTotal()).build())
            .build());
    if (s.up()) {
      out.add(nodeIpamd(s.values()));
    }
    return out;
  }

  private static MetricSnapshot nodeIpamd(IpamdValues v) {
    GaugeSnapshot.Builder b =
        GaugeSnapshot.builder()
            .name(NODE_IPAMD)
            .help(
                "The node's CNI catalogue values from ipamd (counters raw and cumulative),"
                    + " by CloudWatch name.");
    for (Map<String, Double> values : List.of(v.gauges(), v.counters())) {
      values.forEach((name, value) -> b.dataPoint(point(name, value)));
    }
    v.latency()
        .forEach(
            (name, l) -> {
              b.dataPoint(point(name + "_sum", l.sum()));
              b.dataPoint(point(name + "_count", l.count()));
            });
    return b.build();
  }

  private static GaugeDataPointSnapshot point(String metric, double value) {
    return GaugeDataPointSnapshot.builder()
        .labels(Labels.of("metric", metric))
        .value(value)
        .build();
  }
}
