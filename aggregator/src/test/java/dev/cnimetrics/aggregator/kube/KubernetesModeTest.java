package dev.cnimetrics.aggregator.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.aggregate.CycleAggregator;
import dev.cnimetrics.aggregator.aws.ClusterIdentity;
import dev.cnimetrics.aggregator.cycle.CycleLoop;
import dev.cnimetrics.aggregator.cycle.CycleRunner;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.aggregator.scrape.AgentTarget;
import dev.cnimetrics.aggregator.scrape.ReportScraper;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.RecordingSink;
import dev.cnimetrics.aggregator.testing.RecordingSink.Published;
import dev.cnimetrics.aggregator.testing.ReportJson;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Discovery and leader election against fabric8's mock API server in CRUD mode (real HTTP on
 * loopback; label selectors work there, field selectors do not, so discovery uses labels only).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesModeTest {
  static final String NS = "cni-metrics";
  static final String SELECTOR = "app.kubernetes.io/name=cni-metrics-agent";
  static final Duration LEASE = Duration.ofSeconds(3);

  KubernetesClient client;

  static Pod pod(String name, String node, String ip, boolean agent) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(
            agent ? Map.of("app.kubernetes.io/name", "cni-metrics-agent") : Map.of("app", "other"))
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase(ip == null ? "Pending" : "Running")
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  static void await(String what, BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static List<String> nodes(PodTargets targets) {
    return targets.targets().stream().map(AgentTarget::node).toList();
  }

  @Test
  void discoversAgentPodsByLabelAsTheyComeAndGo() throws Exception {
    client.pods().inNamespace(NS).resource(pod("agent-a", "node-1", "10.0.0.1", true)).create();
    client.pods().inNamespace(NS).resource(pod("agent-b", "node-2", "10.0.0.2", true)).create();
    client.pods().inNamespace(NS).resource(pod("web", "node-1", "10.0.0.9", false)).create();
    client.pods().inNamespace(NS).resource(pod("agent-pending", "node-3", null, true)).create();
    client
        .pods()
        .inNamespace("elsewhere")
        .resource(pod("agent-x", "node-4", "10.0.0.4", true))
        .create();

    try (PodTargets targets = new PodTargets(client, NS, SELECTOR, 61682)) {
      await("informer sync", targets::ready, Duration.ofSeconds(5));
      assertEquals(List.of("node-1", "node-2"), nodes(targets));
      assertEquals(new AgentTarget("node-1", "10.0.0.1", 61682), targets.targets().get(0));

      client.pods().inNamespace(NS).resource(pod("agent-c", "node-5", "10.0.0.5", true)).create();
      await("agent-c", () -> nodes(targets).contains("node-5"), Duration.ofSeconds(5));
      client.pods().inNamespace(NS).withName("agent-a").delete();
      await("agent-a gone", () -> !nodes(targets).contains("node-1"), Duration.ofSeconds(5));
      assertEquals(List.of("node-2", "node-5"), nodes(targets));
    }
  }

  /** One aggregator replica: discovery, lease, runner and loop, publishing to a shared record. */
  final class Replica {
    final String name;
    final PodTargets targets;
    final LeaseLeadership leadership;
    final CycleLoop loop;
    final Thread thread;

    Replica(String name, int agentPort, List<Published> shared) {
      this(name, agentPort, shared, true);
    }

    Replica(String name, int agentPort, List<Published> shared, boolean releaseOnClose) {
      this.name = name;
      targets = new PodTargets(client, NS, SELECTOR, agentPort);
      leadership =
          new LeaseLeadership(
              client,
              new LeaseLeadership.Settings(
                  NS,
                  "cni-metrics-aggregator",
                  name,
                  LEASE,
                  Duration.ofSeconds(2),
                  Duration.ofMillis(250),
                  releaseOnClose));
      CycleRunner runner =
          new CycleRunner(
              targets,
              new ReportScraper(HttpClient.newHttpClient(), Duration.ofMillis(400), 16, 65536),
              new CycleAggregator(Duration.ofSeconds(5)),
              new ClusterIdentity("test", "us-east-1", (r, i) -> Map.of(), Optional::empty),
              List.of(new RecordingSink(name, shared)),
              List.of(),
              new AggregatorMetrics(),
              leadership,
              Duration.ofMillis(600),
              java.util.Optional.empty(),
              0);
      leadership.start(() -> {}, runner::leadershipLost);
      loop = new CycleLoop(runner, Duration.ofSeconds(1), Clock.systemUTC(), 0);
      thread =
          new Thread(
              () -> {
                try {
                  loop.run();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "replica-" + name);
      thread.start();
    }

    void stop() throws InterruptedException {
      loop.stop();
      thread.interrupt();
      thread.join(5000);
      leadership.close();
      targets.close();
    }
  }

  @Test
  void exactlyOneReplicaPublishesAndTheOtherTakesOverWithoutRepeatingACycle() throws Exception {
    try (FakeAgentFleet fleet =
        FakeAgentFleet.onePortManyAddresses(
            3,
            (i, n) ->
                ReportJson.node("node-" + i)
                    .gauge("assignIPAddresses", 1)
                    .counter("addReqCount", 10 * n)
                    .json())) {
      int port = fleet.addresses().get(0).getPort();
      for (int i = 0; i < 3; i++) {
        client
            .pods()
            .inNamespace(NS)
            .resource(pod("agent-" + i, "node-" + i, "127.0.0." + (i + 1), true))
            .create();
      }
      List<Published> shared = new ArrayList<>();
      Replica a = new Replica("a", port, shared);
      Replica b = new Replica("b", port, shared);
      try {
        await("three cycles", () -> size(shared) >= 3, Duration.ofSeconds(15));
        String leader = snapshot(shared).get(0).instance();
        Replica stopped = leader.equals("a") ? a : b;
        Replica survivor = leader.equals("a") ? b : a;
        assertTrue(
            snapshot(shared).stream().allMatch(p -> p.instance().equals(leader)),
            "only the leader publishes");
        assertEquals(3, snapshot(shared).get(2).publication().coverage().reporting());

        long stoppedAt = System.nanoTime();
        stopped.stop();
        int publishedBeforeStop = size(shared);
        await("takeover", survivor.leadership::isLeader, LEASE);
        Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertTrue(takeover.compareTo(LEASE) <= 0, "took over after " + takeover);

        await(
            "three cycles by the new leader",
            () ->
                snapshot(shared).stream().filter(p -> p.instance().equals(survivor.name)).count()
                    >= 3,
            Duration.ofSeconds(15));
        List<Published> all = snapshot(shared);
        Set<Instant> cycles = new HashSet<>();
        for (Published p : all) {
          assertTrue(
              cycles.add(p.publication().cycleTime()),
              "cycle " + p.publication().cycleTime() + " published twice");
        }
        List<Published> after = all.subList(publishedBeforeStop, all.size());
        assertTrue(after.stream().allMatch(p -> p.instance().equals(survivor.name)));
        assertNotEquals(leader, survivor.name);
        assertTrue(
            after.get(0).publication().cluster().stream()
                .anyMatch(v -> v.name().equals("addReqCount")),
            "the new leader's first cycle counts from the follower's warm baselines");
      } finally {
        a.stop();
        b.stop();
      }
    }
  }

  /** The value of addReqCount in a publication; null when it has none (a baseline cycle). */
  static Double addReqCount(Published p) {
    return p.publication().cluster().stream()
        .filter(v -> v.name().equals("addReqCount"))
        .map(v -> v.value())
        .findFirst()
        .orElse(null);
  }

  /**
   * The leader is killed mid-run (no lease release: the survivor waits for the lease to expire,
   * three cycles). Every agent's counter grows by 10 per second of wall clock, so both replicas
   * read the same value in the same cycle and the true cluster increase between any two cycles is
   * known: the published increases must add up to it exactly, with no cycle published twice.
   */
  @Test
  void afterTheLeaderIsKilledNoIncreaseIsLostAndNoneCountedTwice() throws Exception {
    try (FakeAgentFleet fleet =
        FakeAgentFleet.onePortManyAddresses(
            3,
            (i, n) ->
                ReportJson.node("node-" + i)
                    .gauge("assignIPAddresses", 1)
                    .counter("addReqCount", 10.0 * (System.currentTimeMillis() / 1000))
                    .json())) {
      int port = fleet.addresses().get(0).getPort();
      for (int i = 0; i < 3; i++) {
        client
            .pods()
            .inNamespace(NS)
            .resource(pod("agent-" + i, "node-" + i, "127.0.0." + (i + 1), true))
            .create();
      }
      List<Published> shared = new ArrayList<>();
      Replica a = new Replica("a", port, shared, false);
      Replica b = new Replica("b", port, shared, false);
      try {
        await("three cycles", () -> size(shared) >= 3, Duration.ofSeconds(15));
        String leader = snapshot(shared).get(0).instance();
        Replica killed = leader.equals("a") ? a : b;
        Replica survivor = leader.equals("a") ? b : a;
        killed.stop();
        await("takeover", survivor.leadership::isLeader, LEASE.plusSeconds(2));
        await(
            "three cycles by the new leader",
            () ->
                snapshot(shared).stream().filter(p -> p.instance().equals(survivor.name)).count()
                    >= 3,
            Duration.ofSeconds(15));
        List<Published> all = new ArrayList<>(snapshot(shared));
        all.sort(java.util.Comparator.comparing(p -> p.publication().cycleTime()));
        Set<Instant> cycles = new HashSet<>();
        for (Published p : all) {
          assertTrue(cycles.add(p.publication().cycleTime()), "published twice: " + p);
        }
        assertNull(addReqCount(all.get(0)), "the very first cycle is the baseline");
        double published = 0;
        for (Published p : all.subList(1, all.size())) {
          assertNotNull(addReqCount(p), "a cycle without increase: " + p);
          published += addReqCount(p);
        }
        long seconds =
            Duration.between(
                    all.get(0).publication().cycleTime(),
                    all.get(all.size() - 1).publication().cycleTime())
                .toSeconds();
        Instant lastOld =
            all.stream()
                .filter(p -> p.instance().equals(leader))
                .map(p -> p.publication().cycleTime())
                .max(Instant::compareTo)
                .orElseThrow();
        Published firstNew =
            all.stream().filter(p -> p.instance().equals(survivor.name)).findFirst().orElseThrow();
        System.out.printf(
            "failover: old leader's last cycle %s, new leader's first %s publishing %.0f"
                + " (%d s of 3 nodes x 10/s); total %.0f over %d s%n",
            lastOld,
            firstNew.publication().cycleTime(),
            addReqCount(firstNew),
            Duration.between(lastOld, firstNew.publication().cycleTime()).toSeconds(),
            published,
            seconds);
        assertEquals(30.0 * seconds, published, "3 nodes x 10 per second, every second once");
      } finally {
        a.stop();
        b.stop();
      }
    }
  }

  @Test
  void aLeaderThatLosesItsLeaseStopsPublishingWithinTheRenewDeadline() throws Exception {
    try (FakeAgentFleet fleet =
        FakeAgentFleet.onePortManyAddresses(1, (i, n) -> ReportJson.node("node-0").json())) {
      client.pods().inNamespace(NS).resource(pod("agent-0", "node-0", "127.0.0.1", true)).create();
      List<Published> shared = new ArrayList<>();
      Replica a = new Replica("a", fleet.addresses().get(0).getPort(), shared);
      try {
        await("two cycles", () -> size(shared) >= 2, Duration.ofSeconds(15));
        // Another holder takes the lease (e.g. after a network partition): renewals now fail.
        stealLease();
        long stolenAt = System.nanoTime();
        await("leadership lost", () -> !a.leadership.isLeader(), Duration.ofSeconds(4));
        Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - stolenAt);
        int count = size(shared);
        Thread.sleep(2500);
        assertEquals(count, size(shared), "no cycle published after leadership was lost");
        assertTrue(
            stoppedAfter.compareTo(Duration.ofMillis(2000 + 250 + 500)) < 0,
            "stopped " + stoppedAfter + " after the lease was taken; renew deadline 2s");
      } finally {
        a.stop();
      }
    }
  }

  /**
   * Takes the lease for another holder. The edit is read-modify-write with the resourceVersion, so
   * a renewal by the leader between the read and the write answers 409; a real intruder retries
   * then, as this does.
   */
  private void stealLease() {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .leases()
            .inNamespace(NS)
            .withName("cni-metrics-aggregator")
            .edit(
                l -> {
                  l.getSpec().setHolderIdentity("intruder");
                  l.getSpec().setLeaseDurationSeconds(60);
                  l.getSpec().setRenewTime(java.time.ZonedDateTime.now());
                  return l;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static int size(List<Published> shared) {
    synchronized (shared) {
      return shared.size();
    }
  }

  private static List<Published> snapshot(List<Published> shared) {
    synchronized (shared) {
      return List.copyOf(shared);
    }
  }
}
