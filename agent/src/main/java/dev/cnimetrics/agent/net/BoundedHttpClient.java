package dev.cnimetrics.agent.net;

import dev.cnimetrics.agent.cli.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 requests with every dimension bounded: connect timeout, one deadline for the whole
 * exchange (headers and body), and a body size limit enforced while streaming, so a slow, endless
 * or huge response costs at most the deadline and {@code maxBytes} of heap.
 */
public final class BoundedHttpClient {

  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration deadline;
  private final int maxBytes;

  public BoundedHttpClient(Duration connectTimeout, Duration deadline, int maxBytes) {
    this.connectTimeout = connectTimeout;
    this.deadline = deadline;
    this.maxBytes = maxBytes;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .build();
  }

  /** Sends the request and returns the complete response, whatever its status. */
  public HttpResult send(HttpRequest.Builder request) throws FetchException {
    BoundedBodySubscriber subscriber = new BoundedBodySubscriber(maxBytes);
    HeaderWatch headers = new HeaderWatch(subscriber);
    CompletableFuture<HttpResponse<byte[]>> response =
        client.sendAsync(request.timeout(deadline).build(), headers);
    try {
      HttpResponse<byte[]> r = response.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      return new HttpResult(r.statusCode(), r.body());
    } catch (TimeoutException e) {
      subscriber.abort();
      response.cancel(true);
      throw new FetchException(noResponse());
    } catch (InterruptedException e) {
      subscriber.abort();
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted");
    } catch (ExecutionException e) {
      subscriber.abort();
      throw new FetchException(describe(e.getCause(), headers.received));
    }
  }

  private String noResponse() {
    return "no complete response within " + Durations.format(deadline);
  }

  private String describe(Throwable cause, boolean headersReceived) {
    if (cause instanceof BoundedBodySubscriber.TooLarge) {
      return "response body exceeds " + maxBytes + " bytes";
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return "no connection within " + Durations.format(connectTimeout);
    }
    if (cause instanceof HttpTimeoutException) {
      return noResponse();
    }
    if (hasCause(cause, UnresolvedAddressException.class)) {
      return "cannot resolve the host name";
    }
    if (cause instanceof ConnectException) {
      String message = cause.getMessage();
      return message == null || message.contains("refused")
          ? "connection refused"
          : "cannot connect: " + oneLine(message);
    }
    if (hasCause(cause, ProtocolException.class)) {
      return "the answer is not an HTTP response";
    }
    if (cause instanceof IOException) {
      return headersReceived
          ? "connection closed before the response body was complete"
          : "connection closed before a response was received";
    }
    String message = cause.getMessage();
    return "request failed: "
        + cause.getClass().getSimpleName()
        + (message == null ? "" : ": " + oneLine(message));
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }

  /** Notes that the status line and headers arrived, then streams the body into the subscriber. */
  private static final class HeaderWatch implements BodyHandler<byte[]> {
    private final BoundedBodySubscriber subscriber;
    private volatile boolean received;

    HeaderWatch(BoundedBodySubscriber subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      received = true;
      return subscriber;
    }
  }
}
