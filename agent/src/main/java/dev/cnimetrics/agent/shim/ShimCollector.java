package dev.cnimetrics.agent.shim;

import dev.cnimetrics.agent.cli.ShimOptions.ShimConfig;
import dev.cnimetrics.agent.collect.NodeCollector;
import dev.cnimetrics.agent.collect.ProblemLog;
import dev.cnimetrics.config.Durations;
import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.OncePerKey;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.netns.Capabilities;
import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PeerResolvers;
import dev.cnimetrics.netns.PodResolution;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod interface shim's refresh: one CRI list, one host link dump, the cache, the resolver for
 * what changed. A runtime or host-dump failure keeps serving the last series (their age grows) and
 * is logged once per distinct error; the other collectors never notice.
 */
public final class ShimCollector implements NodeCollector<ShimSnapshot>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ShimCollector.class);

  private final String node;
  private final PodSource pods;
  private final PeerResolver resolver;
  private final ResolutionCounters counters;
  private final Clock clock;
  private final ShimCache cache = new ShimCache();
  private final OncePerKey warned = new OncePerKey(4096);

  private Map<String, Sandbox> known = Map.of();
  private List<PodInterfaceSeries> served = List.of();
  private int podsListed;
  private Instant servedSince;
  private long cacheHitsTotal;
  // null while the source works; "" before the first attempt, so the first success is logged.
  private final ProblemLog cri = ProblemLog.startingUnknown();
  private final ProblemLog dump = ProblemLog.startingHealthy();

  public ShimCollector(
      String node,
      PodSource pods,
      PeerResolver resolver,
      ResolutionCounters counters,
      Clock clock) {
    this.node = node;
    this.pods = pods;
    this.resolver = resolver;
    this.counters = counters;
    this.clock = clock;
    this.servedSince = clock.instant();
  }

  /**
   * Opens the CRI client (it connects lazily) and the resolver {@code --netns-method} asks for.
   *
   * @throws NetnsException {@code setns} without CAP_SYS_ADMIN, or no netlink socket: one line
   */
  public static ShimCollector open(ShimConfig config, String node, Clock clock)
      throws NetnsException {
    ResolutionCounters counters = new ResolutionCounters();
    PeerResolver resolver = PeerResolvers.open(config.method(), Capabilities.current(), counters);
    PodSandboxes sandboxes = PodSandboxes.open(config.cri(), counters);
    log.info(
        "pod interface shim configured cri_endpoint={} netns_dir={} netns_method={}"
            + " cri_timeout={}",
        config.cri().endpoint(),
        config.cri().netnsDir(),
        config.method().value(),
        Durations.format(config.cri().callTimeout()));
    return new ShimCollector(node, PodSource.of(sandboxes), resolver, counters, clock);
  }

  @Override
  public synchronized ShimSnapshot collect() {
    long start = System.nanoTime();
    List<Sandbox> sandboxes;
    try {
      sandboxes = pods.list(known);
    } catch (CriException e) {
      criDown(e.getMessage());
      return snapshot(start, false);
    }
    criUp(sandboxes.size());
    // A sandbox with a problem is read again next time: its info may have been incomplete.
    known =
        sandboxes.stream()
            .filter(s -> s.problem().isEmpty())
            .collect(Collectors.toMap(Sandbox::id, Function.identity(), (a, b) -> a));
    long listed = System.nanoTime();
    ShimCache.Round round;
    boolean dumped;
    try {
      HostLinks links = resolver.hostLinks();
      round = cache.refresh(sandboxes, links, resolver);
      servedSince = clock.instant();
      dumpUp();
      dumped = true;
    } catch (NetnsException e) {
      dumpDown(e.getMessage());
      round = cache.reuse(sandboxes);
      dumped = false;
    }
    served = round.series();
    podsListed = sandboxes.size();
    cacheHitsTotal += round.cacheHits();
    logSkipped(round.skipped(), sandboxes);
    long end = System.nanoTime();
    // Guarded: the arguments would be built every refresh, and String.format's %.2f alone loads
    // the Formatter's floating-point and locale classes into every agent.
    if (log.isDebugEnabled()) {
      log.debug(
          "shim refreshed pods={} cache_hits={} resolved={} skipped={} series={} cri_ms={}"
              + " netns_ms={}",
          sandboxes.size(),
          round.cacheHits(),
          round.resolved(),
          round.skipped().size(),
          served.size(),
          String.format("%.2f", (listed - start) / 1e6),
          String.format("%.2f", (end - listed) / 1e6));
    }
    return snapshot(start, dumped);
  }

  private ShimSnapshot snapshot(long startNanos, boolean worked) {
    return new ShimSnapshot(
        node,
        served,
        podsListed,
        servedSince,
        (System.nanoTime() - startNanos) / 1e9,
        cacheHitsTotal,
        counters.snapshot(),
        clock,
        worked);
  }

  private void criDown(String message) {
    if (cri.failed(message)) {
      log.warn(
          "pod interface shim: CRI failed, serving the last series series={}: {}",
          served.size(),
          message);
    }
  }

  private void criUp(int sandboxes) {
    if (cri.worked()) {
      String runtime;
      try {
        runtime = pods.runtimeVersion();
      } catch (CriException e) {
        runtime = "unknown (" + e.getMessage() + ")";
      }
      log.info("cri connected runtime=\"{}\" sandboxes={}", runtime, sandboxes);
    }
  }

  private void dumpDown(String message) {
    if (dump.failed(message)) {
      log.warn("pod interface shim: host link dump failed, serving cached pods only: {}", message);
    }
  }

  private void dumpUp() {
    if (dump.worked()) {
      log.info("host link dump works again");
    }
  }

  /** WARN once per pod and reason; a namespace gone mid-refresh is normal churn (DEBUG). */
  private void logSkipped(List<PodResolution.Skipped> skipped, List<Sandbox> sandboxes) {
    if (skipped.isEmpty()) {
      return;
    }
    Map<String, Sandbox> byId =
        sandboxes.stream().collect(Collectors.toMap(Sandbox::id, Function.identity(), (a, b) -> a));
    for (PodResolution.Skipped s : skipped) {
      Sandbox sandbox = byId.get(s.pod().sandboxId());
      String pod = sandbox == null ? "?" : sandbox.podRef();
      String reason = s.reason().label();
      if (s.reason() != NetnsErrorReason.NETNS_GONE
          && warned.first(s.pod().sandboxId() + "/" + reason)) {
        log.warn(
            "event=pod_unresolved reason={} sandbox={} pod={} {}",
            reason,
            s.pod().sandboxId(),
            pod,
            s.message());
      } else {
        log.debug(
            "event=pod_unresolved reason={} sandbox={} pod={} {}",
            reason,
            s.pod().sandboxId(),
            pod,
            s.message());
      }
    }
  }

  @Override
  public synchronized void close() {
    pods.close();
    resolver.close();
  }
}
