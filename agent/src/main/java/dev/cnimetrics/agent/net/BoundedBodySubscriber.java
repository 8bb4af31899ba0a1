package dev.cnimetrics.agent.net;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into memory but never more than {@code maxBytes}: one byte more and it
 * cancels the subscription (which closes the connection) and fails with {@link TooLarge}. Requests
 * one item at a time, so the client never buffers far ahead of the limit.
 */
final class BoundedBodySubscriber implements BodySubscriber<byte[]> {

  /** The body passed the size limit. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  /** The caller gave up (deadline or interrupt). */
  static final class Aborted extends Exception {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super(null, null, false, false);
    }
  }

  private final int maxBytes;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private byte[] buffer = new byte[0];
  private int size;

  BoundedBodySubscriber(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (body.isDone()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      if (n > maxBytes - size) {
        body.completeExceptionally(new TooLarge());
        subscription.cancel();
        return;
      }
      ensureCapacity(size + n);
      item.get(buffer, size, n);
      size += n;
    }
    subscription.request(1);
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      int grown = (int) Math.min(maxBytes, Math.max(needed, Math.max(8192L, buffer.length * 2L)));
      buffer = Arrays.copyOf(buffer, grown);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(Arrays.copyOf(buffer, size));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  /** Stops reading from another thread: fails the body and closes the connection. */
  void abort() {
    body.completeExceptionally(new Aborted());
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
