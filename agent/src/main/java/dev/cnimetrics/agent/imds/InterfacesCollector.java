package dev.cnimetrics.agent.imds;

import dev.cnimetrics.agent.collect.NodeCollector;
import dev.cnimetrics.agent.collect.ProblemLog;
import dev.cnimetrics.httpclient.FetchException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the node's ENIs (subnet ids, IPs, prefixes) from IMDS — again when ipamd names an ENI the
 * last read did not have (ipamd attached one), otherwise at most every {@link #MAX_AGE}: ipamd adds
 * and releases IPs on its ENIs all the time, but a fresh read per refresh would be ~4 IMDS requests
 * per ENI every 10 s for numbers that move slowly. A failed read keeps serving the last good list
 * and logs one line when the reason changes.
 */
public final class InterfacesCollector implements NodeCollector<InterfacesSnapshot> {

  static final Duration MAX_AGE = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(InterfacesCollector.class);

  private final ImdsClient imds;
  private final Supplier<Set<String>> ipamdEnis;
  private final Clock clock;
  private InterfacesSnapshot last = InterfacesSnapshot.NONE;
  private final ProblemLog state = ProblemLog.startingHealthy();

  /**
   * @param ipamdEnis the ENI ids ipamd's latest answer names ({@code awscni_assigned_ip_per_eni})
   */
  public InterfacesCollector(ImdsClient imds, Supplier<Set<String>> ipamdEnis, Clock clock) {
    this.imds = imds;
    this.ipamdEnis = ipamdEnis;
    this.clock = clock;
  }

  @Override
  public synchronized InterfacesSnapshot collect() {
    Instant now = clock.instant();
    if (!due(now)) {
      return last;
    }
    try {
      List<NetworkInterface> read = imds.networkInterfaces();
      if (state.worked()) {
        log.info("instance network interfaces read again enis={}", read.size());
      }
      last = new InterfacesSnapshot(read, Optional.of(now), Optional.empty());
    } catch (FetchException e) {
      String error = "imds " + e.getMessage();
      if (state.failed(error)) {
        log.warn(
            "instance network interfaces unavailable, reports keep the last ones read: {}", error);
      }
      last = new InterfacesSnapshot(last.interfaces(), last.readAt(), Optional.of(error));
    }
    return last;
  }

  private boolean due(Instant now) {
    if (last.readAt().isEmpty() || !now.isBefore(last.readAt().get().plus(MAX_AGE))) {
      return true;
    }
    Set<String> known = new HashSet<>();
    last.interfaces().forEach(i -> known.add(i.id()));
    return !known.containsAll(ipamdEnis.get());
  }
}
