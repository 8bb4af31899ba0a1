package dev.cnimetrics.agent.collect;

import dev.cnimetrics.config.Durations;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that composes the collectors (node_exporter style): each runs on its own thread at
 * a fixed delay, so a slow or broken source neither delays nor fails another. Requests are served
 * from the last snapshot of each source; no request does source I/O.
 */
public final class RefreshLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RefreshLoop.class);

  static final String COLLECTOR_DURATION = "cni_metrics_agent_collector_duration_seconds";
  static final String COLLECTOR_SUCCESS = "cni_metrics_agent_collector_success";

  private final List<Slot<?>> slots = new ArrayList<>();
  private ScheduledThreadPoolExecutor executor;

  /** Adds a collector; only before {@link #start} or {@link #refreshAllOnce}. */
  public synchronized <S extends CollectedSnapshot> Slot<S> add(
      String name, NodeCollector<S> collector) {
    if (executor != null) {
      throw new IllegalStateException("collector " + name + " added after start");
    }
    Slot<S> slot = new Slot<>(name, collector);
    slots.add(slot);
    return slot;
  }

  /** Refreshes every source once, one after the other, on the calling thread. */
  public void refreshAllOnce() {
    for (Slot<?> slot : slots) {
      slot.refresh();
    }
  }

  /** Refreshes each source now and then every {@code interval} after its previous refresh. */
  public synchronized void start(Duration interval) {
    AtomicInteger threads = new AtomicInteger();
    executor =
        new ScheduledThreadPoolExecutor(
            Math.max(1, slots.size()),
            r -> {
              Thread t = new Thread(r, "refresh-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (Slot<?> slot : slots) {
      executor.scheduleWithFixedDelay(slot::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    log.info("refresh loop started collectors={} interval={}", names(), Durations.format(interval));
  }

  /** Sources without a first snapshot yet (empty = ready). */
  public List<String> pending() {
    return slots.stream().filter(s -> s.latest().isEmpty()).map(Slot::name).toList();
  }

  /**
   * The series of every source's latest snapshot, in the order the sources were added, then the
   * loop's own two families over every collector that has refreshed (node_exporter's {@code
   * node_scrape_collector_duration_seconds}/{@code _success}, here per refresh).
   */
  public List<MetricSnapshot> metrics() {
    List<MetricSnapshot> all = new ArrayList<>();
    GaugeSnapshot.Builder duration =
        GaugeSnapshot.builder()
            .name(COLLECTOR_DURATION)
            .help("Duration of the collector's last refresh, by collector.");
    GaugeSnapshot.Builder success =
        GaugeSnapshot.builder()
            .name(COLLECTOR_SUCCESS)
            .help(
                "1 if the collector's last refresh got what it came for, else 0 (its previous"
                    + " series are served meanwhile), by collector.");
    boolean any = false;
    for (Slot<?> slot : slots) {
      slot.latest().ifPresent(s -> all.addAll(s.metrics()));
      Slot.Outcome last = slot.lastOutcome;
      if (last != null) {
        Labels labels = Labels.of("collector", slot.name);
        duration.dataPoint(
            GaugeDataPointSnapshot.builder().labels(labels).value(last.seconds()).build());
        success.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(labels)
                .value(last.succeeded() ? 1 : 0)
                .build());
        any = true;
      }
    }
    if (any) {
      all.add(duration.build());
      all.add(success.build());
    }
    return all;
  }

  private List<String> names() {
    return slots.stream().map(Slot::name).toList();
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One collector and its latest snapshot. */
  public static final class Slot<S extends CollectedSnapshot> {
    private final String name;
    private final NodeCollector<S> collector;
    private volatile S latest;
    private volatile Outcome lastOutcome;

    /** How the latest refresh went, for the loop's own series. */
    private record Outcome(double seconds, boolean succeeded) {}

    private Slot(String name, NodeCollector<S> collector) {
      this.name = name;
      this.collector = collector;
    }

    public String name() {
      return name;
    }

    /** The latest snapshot; empty until the first refresh finished. */
    public Optional<S> latest() {
      return Optional.ofNullable(latest);
    }

    void refresh() {
      long start = System.nanoTime();
      boolean succeeded = false;
      try {
        S s = collector.collect();
        latest = s;
        succeeded = s.succeeded();
      } catch (RuntimeException e) {
        // A bug in one collector: keep its previous snapshot and keep the loop (and the other
        // sources) running; a periodic task that throws would never run again.
        log.error("collector={} refresh failed, serving its previous snapshot", name, e);
      }
      lastOutcome = new Outcome((System.nanoTime() - start) / 1e9, succeeded);
    }
  }
}
