package dev.cnimetrics.aggregator;

import dev.cnimetrics.aggregator.config.AggregatorConfig;
import java.util.Locale;

/**
 * Every JVM-wide setting the aggregator makes, in one place. The JDK and the libraries read each of
 * them once, when first used, so {@link #beforeAnything} runs first thing in main and {@link
 * #fromConfig} right after the flags are read, before anything logs.
 */
public final class JvmSettings {
  private static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";
  private static final String COMMON_POOL = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private JvmSettings() {}

  /**
   * Settings the scraper's JDK HTTP client and the CloudWatch client rely on. Costs measured with
   * 5,000 agents:
   *
   * <ul>
   *   <li>{@code Connection: close} must be allowed: a kept-alive connection holds ~19 KB of heap
   *       while idle (5,000 agents: ~95 MB between cycles), the pool removes a reused connection
   *       with a linear scan (a quadratic cycle), and the agents' HTTP server closes idle
   *       connections after 30 s, just when the next cycle would reuse them.
   *   <li>The client completes every {@code sendAsync} future through the CompletableFuture default
   *       executor, which with fewer than 3 CPUs is a new thread per task (5,000 thread starts per
   *       cycle); a common pool of at least 2 threads avoids that.
   *   <li>PutMetricData goes out exactly once per call: HttpURLConnection (the SDK's HTTP client
   *       here) silently resends a POST on a dropped keep-alive connection unless {@code
   *       sun.net.http.retryPost} is false.
   * </ul>
   */
  public static void beforeAnything() {
    String headers = System.getProperty(RESTRICTED_HEADERS, "");
    if (!headers.toLowerCase(Locale.ROOT).contains("connection")) {
      System.setProperty(
          RESTRICTED_HEADERS, headers.isEmpty() ? "connection" : headers + ",connection");
    }
    if (System.getProperty(COMMON_POOL) == null) {
      System.setProperty(
          COMMON_POOL, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    System.setProperty("sun.net.http.retryPost", "false");
  }

  /** The log level (slf4j-simple reads it when the first logger is made), and IMDS off. */
  public static void fromConfig(AggregatorConfig config) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
    if (!config.aws().imds()) {
      // Keeps the SDK's own region/credential lookups away from IMDS too.
      System.setProperty("aws.disableEc2Metadata", "true");
    }
  }
}
