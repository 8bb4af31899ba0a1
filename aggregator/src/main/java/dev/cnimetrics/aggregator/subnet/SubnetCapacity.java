package dev.cnimetrics.aggregator.subnet;

import dev.cnimetrics.aggregator.log.LogText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The free IPs of the subnets the nodes' ENIs are in. A cycle never waits for EC2: {@link #observe}
 * starts a lookup of the union of subnet ids in the background when one is due — at most once per
 * {@code interval}, never two at a time — and returns what the last successful lookup found. A
 * value older than {@link #MAX_AGE_INTERVALS} intervals is not returned (EC2 stopped answering: no
 * number rather than an old one). A failed lookup logs one line when the reason changes (without
 * {@code ec2:DescribeSubnets} the metric is simply absent) and is tried again an interval later.
 */
public final class SubnetCapacity {
  /**
   * Subnets looked up at most: a cluster spans a few to a few dozen; the bound keeps what agents
   * can make the aggregator ask EC2 for, and the custom metrics it publishes, small.
   */
  public static final int MAX_SUBNETS = 200;

  static final int MAX_AGE_INTERVALS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(SubnetCapacity.class);

  private final SubnetLookup lookup;
  private final Duration interval;
  private final Executor executor;
  private final Consumer<String> requests;
  private final Map<String, Known> known = new TreeMap<>();
  private Instant lastStart;
  private boolean inFlight;
  private String lastProblem;
  private boolean warnedCap;

  private record Known(long available, Instant at) {}

  /**
   * @param executor runs the lookups (one daemon thread in production)
   * @param requests told the result of every DescribeSubnets request: ok, denied, error
   */
  public SubnetCapacity(
      SubnetLookup lookup, Duration interval, Executor executor, Consumer<String> requests) {
    this.lookup = lookup;
    this.interval = interval;
    this.executor = executor;
    this.requests = requests;
  }

  /**
   * Subnet id → free IPs for the subnets in {@code subnetIds} that a young enough lookup found.
   * Starts a lookup when one is due and the region is known; returns at once.
   */
  public Map<String, Long> observe(
      Instant now, Collection<String> subnetIds, Optional<String> region) {
    List<String> ids = new ArrayList<>(new TreeSet<>(subnetIds));
    if (ids.size() > MAX_SUBNETS) {
      if (!warnedCap) {
        LOG.warn(
            "subnet capacity: agents report {} subnets; only the first {} are looked up",
            ids.size(),
            MAX_SUBNETS);
        warnedCap = true;
      }
      ids = ids.subList(0, MAX_SUBNETS);
    }
    boolean start;
    synchronized (this) {
      start =
          !inFlight
              && !ids.isEmpty()
              && region.isPresent()
              && (lastStart == null || !now.isBefore(lastStart.plus(interval)));
      if (start) {
        inFlight = true;
        lastStart = now;
      }
    }
    if (start) {
      List<String> batch = List.copyOf(ids);
      executor.execute(() -> run(now, region.get(), batch));
    }
    Map<String, Long> out = new TreeMap<>();
    synchronized (this) {
      Instant oldest = now.minus(interval.multipliedBy(MAX_AGE_INTERVALS));
      for (String id : ids) {
        Known k = known.get(id);
        if (k != null && k.at().isAfter(oldest)) {
          out.put(id, k.available());
        }
      }
      known.keySet().retainAll(ids);
    }
    return out;
  }

  private void run(Instant started, String region, List<String> ids) {
    int[] made = {0};
    try {
      Map<String, Long> found = lookup.available(region, ids, () -> made[0]++);
      for (int i = 0; i < made[0]; i++) {
        requests.accept("ok");
      }
      synchronized (this) {
        found.forEach((id, n) -> known.put(id, new Known(n, started)));
        if (lastProblem != null) {
          LOG.info("subnet capacity: EC2 DescribeSubnets works again subnets={}", found.size());
        }
        lastProblem = null;
      }
    } catch (RuntimeException e) {
      boolean denied = denied(e);
      for (int i = 0; i < Math.max(0, made[0] - 1); i++) {
        requests.accept("ok");
      }
      requests.accept(denied ? "denied" : "error");
      String problem =
          denied
              ? "subnet capacity: EC2 DescribeSubnets denied ("
                  + code(e)
                  + "); subnetAvailableIPAddresses is not published until ec2:DescribeSubnets is"
                  + " granted (install/aws/iam-policy-describe-subnets.json) or --subnet-interval=off"
              : "subnet capacity: EC2 DescribeSubnets failed ("
                  + LogText.escape(firstLine(e))
                  + "); tried again in "
                  + interval.toSeconds()
                  + "s, cycles go on with the last values";
      synchronized (this) {
        if (!problem.equals(lastProblem)) {
          LOG.warn(problem);
        }
        lastProblem = problem;
      }
    } finally {
      synchronized (this) {
        inFlight = false;
      }
    }
  }

  private static boolean denied(RuntimeException e) {
    String code = code(e);
    return code.equals("UnauthorizedOperation") || code.startsWith("AccessDenied");
  }

  private static String code(RuntimeException e) {
    if (e instanceof AwsServiceException a
        && a.awsErrorDetails() != null
        && a.awsErrorDetails().errorCode() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }

  private static String firstLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
