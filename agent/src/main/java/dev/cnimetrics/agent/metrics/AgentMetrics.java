package dev.cnimetrics.agent.metrics;

import dev.cnimetrics.agent.collect.RefreshLoop;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the agent's {@code /metrics} serves: its build info and the series of every
 * collector's latest snapshot. Scrapes read snapshots only, never a source.
 */
public final class AgentMetrics implements MultiCollector {

  // The exposition writer appends _info: cni_metrics_agent_build_info{version}.
  static final String BUILD = "cni_metrics_agent_build";

  private final MetricSnapshot buildInfo;
  private final RefreshLoop loop;

  public AgentMetrics(String version, RefreshLoop loop) {
    this.buildInfo =
        InfoSnapshot.builder()
            .name(BUILD)
            .help("The agent's version.")
            .dataPoint(
                InfoDataPointSnapshot.builder().labels(Labels.of("version", version)).build())
            .build();
    this.loop = loop;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> all = new ArrayList<>();
    all.add(buildInfo);
    all.addAll(loop.metrics());
    return new MetricSnapshots(all);
  }
}
