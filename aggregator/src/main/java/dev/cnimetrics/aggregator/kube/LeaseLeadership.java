package dev.cnimetrics.aggregator.kube;

import dev.cnimetrics.aggregator.cycle.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election with a coordination.k8s.io Lease (fabric8 LeaderElector). fabric8 calls
 * onStopLeading once it could not renew within the renew deadline, which is shorter than the lease
 * duration, so the old leader stops before anyone else can take the lease.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);
  private final AtomicLong term = new AtomicLong();
  private volatile boolean leader;
  private final CompletableFuture<?> election;

  /** Settings of the Lease. */
  public record Settings(
      String namespace,
      String leaseName,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {}

  /**
   * @param onLost runs on fabric8's thread when leadership ends
   */
  public LeaseLeadership(KubernetesClient client, Settings s, Runnable onGained, Runnable onLost) {
    var config =
        new LeaderElectionConfigBuilder()
            .withName(s.leaseName())
            .withLock(new LeaseLock(s.namespace(), s.leaseName(), s.identity()))
            .withLeaseDuration(s.leaseDuration())
            .withRenewDeadline(s.renewDeadline())
            .withRetryPeriod(s.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> {
                      term.incrementAndGet();
                      leader = true;
                      LOG.info(
                          "leader=true identity={} lease={}/{}",
                          s.identity(),
                          s.namespace(),
                          s.leaseName());
                      onGained.run();
                    },
                    () -> {
                      leader = false;
                      LOG.info("leader=false identity={}", s.identity());
                      onLost.run();
                    },
                    newLeader ->
                        LOG.info(
                            "lease {}/{} held by {}", s.namespace(), s.leaseName(), newLeader)))
            .build();
    election = client.leaderElector().withConfig(config).build().start();
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public long term() {
    return term.get();
  }

  /** Gives the lease up (released, so another instance takes over at once). */
  @Override
  public void close() {
    election.cancel(true);
    leader = false;
  }
}
