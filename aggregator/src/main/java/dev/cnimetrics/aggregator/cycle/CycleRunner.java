package dev.cnimetrics.aggregator.cycle;

import dev.cnimetrics.aggregator.aggregate.CycleAggregator;
import dev.cnimetrics.aggregator.aggregate.CycleSummary;
import dev.cnimetrics.aggregator.aggregate.NodeEvent;
import dev.cnimetrics.aggregator.aggregate.NodeResult;
import dev.cnimetrics.aggregator.aws.ClusterIdentity;
import dev.cnimetrics.aggregator.log.LogText;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.aggregator.scrape.AgentTarget;
import dev.cnimetrics.aggregator.scrape.FailureLog;
import dev.cnimetrics.aggregator.scrape.ReportScraper;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.aggregator.sink.Publication;
import dev.cnimetrics.aggregator.sink.Sink;
import dev.cnimetrics.aggregator.subnet.SubnetCapacity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cycle: scrape every expected agent, aggregate, publish to every sink. Publishes only while
 * this instance leads, and checks again before publishing, so a leader that lost its lease
 * mid-cycle publishes nothing. A follower scrapes too and keeps its counter baselines warm, but
 * only with the cycles a leader recorded as published ({@link Leadership#lastPublished}): after a
 * failover the new leader's first cycle publishes the true increases since the last published
 * cycle, however long the lease took to move, and never an increase already published.
 */
public final class CycleRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CycleRunner.class);

  /** A cluster-wide outage must not write thousands of lines at once. */
  private static final int MAX_FAILURE_LINES = 20;

  private final TargetSource targets;
  private final ReportScraper scraper;
  private final CycleAggregator aggregator;
  private final ClusterIdentity identity;
  private final List<Sink> sinks;
  private final List<ExtraDimension> extraDimensions;
  private final AggregatorMetrics metrics;
  private final Leadership leadership;
  private final Duration deadline;
  private final Optional<SubnetCapacity> subnets;
  private final int perNodeGauges;
  private final FailureLog failures = new FailureLog(Duration.ofMinutes(10));
  private final FailureLog eventLog = new FailureLog(Duration.ofMinutes(10));
  private String lastCoverage;
  private long term = -1;

  /** A follower's scraped cycle not yet known to be published. */
  private record Pending(Instant cycleTime, List<NodeResult> results) {}

  /**
   * Followers' cycles waiting for the leader's record; a handful covers a lease expiry (the longest
   * gap between two published cycles in a failover), older ones were never published.
   */
  private static final int MAX_PENDING = 8;

  private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();

  /**
   * @param subnets the subnet capacity source; empty = no subnet values
   * @param perNodeGauges nodes published with their own dimension at most (0 = none)
   */
  public CycleRunner(
      TargetSource targets,
      ReportScraper scraper,
      CycleAggregator aggregator,
      ClusterIdentity identity,
      List<Sink> sinks,
      List<ExtraDimension> extraDimensions,
      AggregatorMetrics metrics,
      Leadership leadership,
      Duration deadline,
      Optional<SubnetCapacity> subnets,
      int perNodeGauges) {
    this.subnets = subnets;
    this.perNodeGauges = perNodeGauges;
    this.targets = targets;
    this.scraper = scraper;
    this.aggregator = aggregator;
    this.identity = identity;
    this.sinks = sinks;
    this.extraDimensions = extraDimensions;
    this.metrics = metrics;
    this.leadership = leadership;
    this.deadline = deadline;
  }

  /** Runs the cycle stamped {@code cycleTime}; true when it was published. */
  public boolean run(Instant cycleTime) throws InterruptedException {
    long started = System.nanoTime();
    long myTerm = leadership.term();
    if (!leadership.isLeader()) {
      follow(cycleTime);
      return false;
    }
    if (myTerm != term) {
      // New leadership: the baselines must be those of the last published cycle, else (unknown,
      // or a cycle this instance did not scrape) fresh ones: one cycle without increases rather
      // than increases counted twice.
      catchUp();
      pending.clear();
      Optional<Instant> last = leadership.lastPublished();
      if (last.isEmpty() || !last.equals(aggregator.lastCycle())) {
        aggregator.reset();
      }
      term = myTerm;
    }
    List<AgentTarget> expected = targets.targets();
    List<NodeResult> results = skipConflicts(expected, scraper.scrape(expected, deadline), true);
    logFailures(expected, results, cycleTime);
    CycleSummary summary = aggregator.aggregate(cycleTime, results);
    logEvents(summary.events(), cycleTime);
    if (!leadership.isLeader() || leadership.term() != myTerm) {
      LOG.info("cycle={} not published: leadership lost during the cycle", cycleTime);
      return false;
    }
    identity.observe(summary);
    Map<String, Long> subnetValues =
        subnets
            .map(s -> s.observe(cycleTime, subnetIds(results), identity.region()))
            .orElse(Map.of());
    Publication publication = Publication.of(summary, extraDimensions, perNodeGauges, subnetValues);
    String clusterId = identity.clusterId().orElse(null);
    // Recorded before it is sent: a leader that dies between the two loses this one cycle; the
    // other order would let the next leader count this cycle's increases a second time (seen in
    // KubernetesModeTest when the kill came between the sinks and the record).
    leadership.published(cycleTime);
    for (Sink sink : sinks) {
      try {
        sink.publish(publication, clusterId);
      } catch (RuntimeException e) {
        LOG.error(
            "sink={} failed on cycle={}: {}",
            sink.getClass().getSimpleName(),
            cycleTime,
            e.toString());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    metrics.cycle(summary.coverage(), seconds);
    logCycle(summary, seconds);
    return true;
  }

  /**
   * A report naming a node that an earlier target already reported this cycle is skipped (counted
   * as {@code duplicate_node}): two agents answering for one node would count it twice.
   */
  private List<NodeResult> skipConflicts(
      List<AgentTarget> expected, List<NodeResult> results, boolean count) {
    Map<String, AgentTarget> reported = new HashMap<>();
    List<NodeResult> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      NodeResult r = results.get(i);
      String node = r.report() == null ? null : r.report().node();
      AgentTarget first = node == null ? null : reported.putIfAbsent(node, expected.get(i));
      if (first == null) {
        out.add(r);
        continue;
      }
      if (count) {
        metrics.reportProblem("duplicate_node", 1);
      }
      out.add(
          NodeResult.failed(
              r.node(),
              expected.get(i).describe()
                  + ": reports node "
                  + node
                  + ", which "
                  + first.describe()
                  + " already reported this cycle; skipped"));
    }
    return out;
  }

  /**
   * A follower's cycle: the same scrape as the leader's, kept aside; then every kept cycle the
   * leader has recorded as published goes into the baselines, in order. Nothing is published or
   * logged.
   */
  private void follow(Instant cycleTime) throws InterruptedException {
    List<AgentTarget> expected = targets.targets();
    if (!expected.isEmpty()) {
      pending.addLast(
          new Pending(
              cycleTime, skipConflicts(expected, scraper.scrape(expected, deadline), false)));
      while (pending.size() > MAX_PENDING) {
        pending.removeFirst();
      }
    }
    catchUp();
  }

  private void catchUp() {
    Optional<Instant> last = leadership.lastPublished();
    while (!pending.isEmpty()
        && last.isPresent()
        && !pending.peekFirst().cycleTime().isAfter(last.get())) {
      Pending p = pending.removeFirst();
      aggregator.aggregate(p.cycleTime(), p.results());
    }
  }

  /** The subnets of every node that sent a report this cycle (whatever its ipamd said). */
  private static Set<String> subnetIds(List<NodeResult> results) {
    Set<String> ids = new java.util.TreeSet<>();
    for (NodeResult r : results) {
      if (r.report() != null) {
        ids.addAll(r.report().subnetIds());
      }
    }
    return ids;
  }

  /** Leadership ended: no cluster values anywhere until it comes back. */
  public void leadershipLost() {
    metrics.leader(false);
    sinks.forEach(Sink::leadershipLost);
  }

  private void logFailures(List<AgentTarget> expected, List<NodeResult> results, Instant now) {
    Set<String> nodes = new HashSet<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      NodeResult r = results.get(i);
      nodes.add(r.node());
      String problem =
          r.failure() != null
              ? r.failure()
              : r.report().ipamd().up()
                  ? null
                  : expected.get(i).describe()
                      + ": ipamd down: "
                      + r.report().ipamd().error().orElse(null);
      if (r.invalidReport()) {
        metrics.reportProblem("invalid_report", 1);
      }
      if (r.ignoredKeys() > 0) {
        metrics.reportProblem("unknown_keys", r.ignoredKeys());
      }
      if (problem == null) {
        failures.answered(r.node(), expected.get(i).describe()).ifPresent(LOG::info);
      } else {
        failures.failed(r.node(), problem, now).ifPresent(lines::add);
      }
    }
    failures.retain(nodes);
    eventLog.retain(eventKeys(nodes));
    // Failure text carries what agents and their ipamd said: escaped, so none can forge a line.
    lines.stream().limit(MAX_FAILURE_LINES).map(LogText::escape).forEach(LOG::warn);
    if (lines.size() > MAX_FAILURE_LINES) {
      LOG.warn(
          "{} more agents failed this cycle (lines not shown; each is shown again within 10 min)",
          lines.size() - MAX_FAILURE_LINES);
    }
  }

  /** One line per node and kind of event, repeated every 10 min while it lasts. */
  private void logEvents(List<NodeEvent> events, Instant now) {
    for (NodeEvent e : events) {
      metrics.reportProblem(e.kind().label(), 1);
      eventLog
          .failed(e.node() + "/" + e.kind().label(), e.kind().label(), now)
          .ifPresent(line -> LOG.warn("node {}: {}", LogText.escape(e.node()), e.reason()));
    }
  }

  private static Set<String> eventKeys(Set<String> nodes) {
    Set<String> keys = new HashSet<>();
    for (String n : nodes) {
      for (NodeEvent.Kind k : NodeEvent.Kind.values()) {
        keys.add(n + "/" + k.label());
      }
    }
    return keys;
  }

  private void logCycle(CycleSummary s, double seconds) {
    String coverage = s.coverage().toString();
    String line =
        String.format(
            "cycle=%s expected=%d reporting=%d stale=%d failed=%d seconds=%.3f",
            s.cycleTime(),
            s.coverage().expected(),
            s.coverage().reporting(),
            s.coverage().stale(),
            s.coverage().failed(),
            seconds);
    if (coverage.equals(lastCoverage)) {
      LOG.debug(line);
    } else {
      LOG.info(line);
      lastCoverage = coverage;
    }
  }
}
