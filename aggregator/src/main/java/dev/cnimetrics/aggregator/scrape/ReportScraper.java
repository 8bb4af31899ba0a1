package dev.cnimetrics.aggregator.scrape;

import dev.cnimetrics.aggregator.aggregate.NodeResult;
import dev.cnimetrics.config.Durations;
import dev.cnimetrics.httpserver.BearerToken;
import dev.cnimetrics.report.ReportException;
import dev.cnimetrics.report.ReportParser;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches every agent's report concurrently: at most {@code concurrency} requests in flight, each
 * bounded in time and size, all of them bounded by the cycle deadline. A slow or dead agent only
 * holds its own slot; an agent still unanswered at the deadline is a failure for this cycle.
 */
public final class ReportScraper {
  private final HttpClient http;
  private final Duration timeout;
  private final int concurrency;
  private final int maxBytes;
  private final Optional<BearerToken> token;

  public ReportScraper(HttpClient http, Duration timeout, int concurrency, int maxBytes) {
    this(http, timeout, concurrency, maxBytes, Optional.empty());
  }

  /**
   * @param token sent to every agent as {@code Authorization: Bearer} (agents run with the same
   *     {@code --auth-token-file} Secret)
   */
  public ReportScraper(
      HttpClient http,
      Duration timeout,
      int concurrency,
      int maxBytes,
      Optional<BearerToken> token) {
    this.http = http;
    this.timeout = timeout;
    this.concurrency = concurrency;
    this.maxBytes = maxBytes;
    this.token = token;
  }

  /** One result per target, in the targets' order, returned by {@code budget} at the latest. */
  public List<NodeResult> scrape(List<AgentTarget> targets, Duration budget)
      throws InterruptedException {
    long end = System.nanoTime() + budget.toNanos();
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<NodeResult>> pending = new ArrayList<>(targets.size());
    for (AgentTarget target : targets) {
      long left = end - System.nanoTime();
      if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        pending.add(CompletableFuture.completedFuture(missed(target, budget)));
        continue;
      }
      pending.add(fetch(target, Duration.ofNanos(Math.min(left, timeout.toNanos())), slots));
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Unfinished fetches are reported one by one below.
    }
    List<NodeResult> results = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      CompletableFuture<NodeResult> f = pending.get(i);
      results.add(f.isDone() ? f.join() : missed(targets.get(i), budget));
    }
    return results;
  }

  private CompletableFuture<NodeResult> fetch(AgentTarget target, Duration limit, Semaphore slots) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.reportUri())
            .timeout(limit)
            .header("Accept", "application/json")
            .header("Connection", "close")
            .GET();
    token.ifPresent(t -> request.header("Authorization", t.header()));
    return http.sendAsync(request.build(), info -> new BoundedBody(maxBytes))
        .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, error) -> result(target, response, error, limit))
        .whenComplete((r, e) -> slots.release());
  }

  private NodeResult result(
      AgentTarget target, HttpResponse<byte[]> response, Throwable error, Duration limit) {
    if (error != null) {
      return NodeResult.failed(target.node(), target.describe() + ": " + reason(error, limit));
    }
    if (response.statusCode() != 200) {
      return NodeResult.failed(
          target.node(),
          target.describe()
              + ": expected HTTP 200 from /v1/report, found "
              + response.statusCode()
              + (response.statusCode() == 401
                  ? (token.isPresent()
                      ? " (the agent wants another bearer token than --auth-token-file's)"
                      : " (the agent wants a bearer token: set --auth-token-file)")
                  : ""));
    }
    try {
      return NodeResult.answered(target.node(), ReportParser.parse(response.body()));
    } catch (ReportException e) {
      return NodeResult.invalid(target.node(), target.describe() + ": " + e.getMessage());
    }
  }

  private static String reason(Throwable error, Duration limit) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + Durations.format(limit);
    }
    if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
      return "no report within " + Durations.format(limit);
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof BoundedBody.TooLarge) {
      return e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static NodeResult missed(AgentTarget target, Duration budget) {
    return NodeResult.failed(
        target.node(),
        target.describe()
            + ": no report before the cycle deadline ("
            + Durations.format(budget)
            + ")");
  }
}
