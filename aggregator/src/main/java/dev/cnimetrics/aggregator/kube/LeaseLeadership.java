package dev.cnimetrics.aggregator.kube;

import dev.cnimetrics.aggregator.cycle.Leadership;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Optional;
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
  private CompletableFuture<?> election;

  /**
   * Settings of the Lease.
   *
   * @param releaseOnClose give the lease up on {@link #close} (a clean stop); false only in tests
   *     that play a leader killed without a word
   */
  public record Settings(
      String namespace,
      String leaseName,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      boolean releaseOnClose) {}

  private final KubernetesClient client;
  private final Settings settings;

  /** Takes part in no election until {@link #start}, so listeners can exist first. */
  public LeaseLeadership(KubernetesClient client, Settings s) {
    this.client = client;
    this.settings = s;
  }

  /**
   * Joins the election.
   *
   * @param onGained runs on fabric8's thread when this instance becomes leader
   * @param onLost runs on fabric8's thread when leadership ends
   */
  public synchronized void start(Runnable onGained, Runnable onLost) {
    if (election != null) {
      throw new IllegalStateException("lease " + settings.leaseName() + " election started twice");
    }
    Settings s = settings;
    var config =
        new LeaderElectionConfigBuilder()
            .withName(s.leaseName())
            .withLock(new LeaseLock(s.namespace(), s.leaseName(), s.identity()))
            .withLeaseDuration(s.leaseDuration())
            .withRenewDeadline(s.renewDeadline())
            .withRetryPeriod(s.retryPeriod())
            .withReleaseOnCancel(s.releaseOnClose())
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

  /** Where the leader records the last cycle it published, on the Lease it holds. */
  static final String LAST_PUBLISHED = "cni-metrics.dev/last-published-cycle";

  /**
   * Writes the annotation with an update (the Role grants get/update on this Lease, not patch); an
   * update that races a renewal (409) is retried, and one that still fails is logged at DEBUG: a
   * follower then cannot tell what was published and starts from baselines when it leads.
   */
  @Override
  public void published(Instant cycle) {
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        var leases = client.leases().inNamespace(settings.namespace());
        Lease lease = leases.withName(settings.leaseName()).get();
        if (lease == null) {
          return;
        }
        if (lease.getMetadata().getAnnotations() == null) {
          lease.getMetadata().setAnnotations(new HashMap<>());
        }
        lease.getMetadata().getAnnotations().put(LAST_PUBLISHED, cycle.toString());
        leases.resource(lease).update();
        return;
      } catch (KubernetesClientException e) {
        LOG.debug("lease annotation {} attempt {}: {}", LAST_PUBLISHED, attempt, e.toString());
      }
    }
  }

  @Override
  public Optional<Instant> lastPublished() {
    try {
      Lease lease =
          client.leases().inNamespace(settings.namespace()).withName(settings.leaseName()).get();
      String value =
          lease == null || lease.getMetadata().getAnnotations() == null
              ? null
              : lease.getMetadata().getAnnotations().get(LAST_PUBLISHED);
      return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
    } catch (KubernetesClientException | DateTimeParseException e) {
      LOG.debug("lease annotation {} unreadable: {}", LAST_PUBLISHED, e.toString());
      return Optional.empty();
    }
  }

  /** Gives the lease up (released, so another instance takes over at once). */
  @Override
  public synchronized void close() {
    if (election != null) {
      election.cancel(true);
    }
    leader = false;
  }
}
