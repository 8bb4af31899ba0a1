package dev.cnimetrics.agent.shim;

import dev.cnimetrics.agent.collect.Gauges;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/** The shim's series on the agent's {@code /metrics} (names: the naming contract). */
final class ShimMetrics {

  static final String SHIM = "pod_interface_shim";
  static final String REFRESH_DURATION = "cni_metrics_agent_refresh_duration_seconds";
  static final String PODS = "cni_metrics_agent_pods";
  static final String INTERFACES = "cni_metrics_agent_interfaces_resolved";
  // The exposition writer appends _total to counters.
  static final String ERRORS = "cni_metrics_agent_resolution_errors";
  static final String CACHE_HITS = "cni_metrics_agent_cache_hits";
  static final String AGE = "cni_metrics_agent_shim_age_seconds";

  private ShimMetrics() {}

  static List<MetricSnapshot> of(ShimSnapshot s) {
    List<MetricSnapshot> out = new ArrayList<>();
    if (!s.series().isEmpty()) {
      out.add(shim(s));
    }
    out.add(
        Gauges.of(
            REFRESH_DURATION, "Duration of the last pod interface refresh.", s.refreshSeconds()));
    out.add(
        Gauges.of(
            PODS,
            "READY pod sandboxes the runtime listed in the last refresh that worked.",
            s.pods()));
    out.add(Gauges.of(INTERFACES, "pod_interface_shim series served.", s.series().size()));
    out.add(
        Gauges.of(
            AGE,
            "Seconds since the served pod_interface_shim series were refreshed"
                + " (grows while the runtime or the host link dump fails).",
            s.ageSeconds()));
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder()
            .name(ERRORS)
            .help("Pod interface resolution failures (CRI and network namespace) by reason.");
    s.errorsTotal()
        .forEach(
            (reason, count) ->
                errors.dataPoint(
                    CounterDataPointSnapshot.builder()
                        .labels(Labels.of("reason", reason))
                        .value(count)
                        .build()));
    out.add(errors.build());
    out.add(
        CounterSnapshot.builder()
            .name(CACHE_HITS)
            .help("Pods whose cached host peers still matched, so no namespace was read.")
            .dataPoint(CounterDataPointSnapshot.builder().value(s.cacheHitsTotal()).build())
            .build());
    return out;
  }

  private static MetricSnapshot shim(ShimSnapshot s) {
    GaugeSnapshot.Builder b =
        GaugeSnapshot.builder()
            .name(SHIM)
            .help(
                "1 per pod interface with a host-side peer: interface is the host-side name"
                    + " (cAdvisor's label), pod_interface the name inside the pod (empty: unknown).");
    for (PodInterfaceSeries p : s.series()) {
      b.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(
                  Labels.of(
                      "node", s.node(),
                      "namespace", p.namespace(),
                      "pod", p.pod(),
                      "uid", p.uid(),
                      "interface", p.hostInterface(),
                      "pod_interface", p.podInterface()))
              .value(1)
              .build());
    }
    return b.build();
  }
}
