package dev.cnimetrics.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop's own series: one duration and one success value per collector, whatever it is. */
class RefreshLoopTest {

  private record Fixed(boolean succeeded, String series) implements CollectedSnapshot {
    @Override
    public List<MetricSnapshot> metrics() {
      return List.of(Gauges.of(series, "test series", 1));
    }
  }

  private static Map<String, Double> values(List<MetricSnapshot> all, String family) {
    Map<String, Double> out = new TreeMap<>();
    for (MetricSnapshot m : all) {
      if (m.getMetadata().getName().equals(family)) {
        for (GaugeDataPointSnapshot p : ((GaugeSnapshot) m).getDataPoints()) {
          out.put(p.getLabels().get("collector"), p.getValue());
        }
      }
    }
    return out;
  }

  @Test
  void everyCollectorGetsADurationAndASuccessValueAndAThrowerKeepsItsLastSeries() {
    AtomicInteger calls = new AtomicInteger();
    try (RefreshLoop loop = new RefreshLoop()) {
      loop.add("good", () -> new Fixed(true, "good_series"));
      loop.add("down", () -> new Fixed(false, "down_series"));
      loop.add(
          "buggy",
          () -> {
            if (calls.incrementAndGet() > 1) {
              throw new IllegalStateException("a bug");
            }
            return new Fixed(true, "buggy_series");
          });
      assertEquals(List.of(), loop.metrics(), "nothing before the first refresh");

      loop.refreshAllOnce();
      assertEquals(
          Map.of("buggy", 1.0, "down", 0.0, "good", 1.0),
          values(loop.metrics(), RefreshLoop.COLLECTOR_SUCCESS));

      loop.refreshAllOnce();
      List<MetricSnapshot> all = loop.metrics();
      assertEquals(
          Map.of("buggy", 0.0, "down", 0.0, "good", 1.0),
          values(all, RefreshLoop.COLLECTOR_SUCCESS));
      Map<String, Double> durations = values(all, RefreshLoop.COLLECTOR_DURATION);
      assertEquals(List.of("buggy", "down", "good"), List.copyOf(durations.keySet()));
      durations.values().forEach(d -> assertTrue(d >= 0, "duration " + d));
      assertTrue(
          all.stream().anyMatch(m -> m.getMetadata().getName().equals("buggy_series")),
          "the collector that threw still serves its previous snapshot");
    }
  }
}
