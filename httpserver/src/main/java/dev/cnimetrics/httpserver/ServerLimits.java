package dev.cnimetrics.httpserver;

import java.time.Duration;

/**
 * What one server may spend. Every bound is enforced without a thread waiting on a client: the
 * selector thread reads and writes, the workers only compute answers.
 *
 * @param backlog the kernel's accept queue; bursts of probes and scrapes from many clients queue
 *     there while the selector accepts (the JDK server's default, 50, and client_java's, 3,
 *     overflow into SYN retries)
 * @param maxConnections connections open at once; one more is closed as soon as it is accepted
 * @param readDeadline from accept to the end of the request head; a client that has not sent its
 *     headers by then is closed (the slow-connection attack)
 * @param writeDeadline from the answer being ready to its last byte leaving; a client that does not
 *     read its answer is closed
 * @param maxHeadBytes request line plus headers; more is answered 431
 * @param workers threads that compute pooled answers ({@code /metrics})
 * @param queue pooled requests waiting for a worker; one more is answered 503 at once
 */
public record ServerLimits(
    int backlog,
    int maxConnections,
    Duration readDeadline,
    Duration writeDeadline,
    int maxHeadBytes,
    int workers,
    int queue) {

  /**
   * Sized for a node agent or the aggregator: a handful of scrapers and probes, each connection a
   * few KiB at most, so 256 connections stay under 2 MiB of heap.
   */
  public static final ServerLimits DEFAULT =
      new ServerLimits(1024, 256, Duration.ofSeconds(3), Duration.ofSeconds(10), 8192, 2, 16);

  public ServerLimits {
    if (backlog < 1 || maxConnections < 1 || maxHeadBytes < 256 || workers < 1 || queue < 0) {
      throw new IllegalArgumentException("server limits out of range: " + this);
    }
    if (readDeadline.isNegative() || readDeadline.isZero() || writeDeadline.isNegative()) {
      throw new IllegalArgumentException("server deadlines must be positive: " + this);
    }
  }
}
