package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dedicated platform thread that enters pod namespaces. A namespace belongs to a kernel thread,
 * so this must not be a virtual thread or a pool thread that runs other work. Once it fails to
 * return home it runs nothing more and ends.
 */
final class NamespaceThread {
  /** Work that runs on the thread with its reader. */
  interface Job<T> {
    T run(PodNamespaceReader reader);
  }

  private static final AtomicInteger COUNT = new AtomicInteger();

  private final LinkedBlockingQueue<Pending<?>> jobs = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Thread thread;
  private volatile NetnsException ended;

  /** Starts the thread and waits until it saved its home namespace. */
  NamespaceThread(NsSwitch ns) throws NetnsException {
    thread = new Thread(() -> run(ns), "cni-metrics-netns-" + COUNT.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    try {
      started.join();
    } catch (CompletionException e) {
      throw (NetnsException) e.getCause();
    }
  }

  private void run(NsSwitch ns) {
    PodNamespaceReader reader;
    try {
      reader = PodNamespaceReader.open(ns);
    } catch (NetnsException e) {
      ended = e;
      started.completeExceptionally(e);
      return;
    }
    started.complete(null);
    try {
      while (reader.lost() == null) {
        Pending<?> job = jobs.take();
        if (job.job == null) {
          break;
        }
        job.execute(reader);
        // marked before the caller sees the result, so it never hands this thread more work
        ended = reader.lost();
        job.publish();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ended = reader.lost() != null ? reader.lost() : stopped();
      reader.close();
      for (Pending<?> job = jobs.poll(); job != null; job = jobs.poll()) {
        job.fail(ended);
      }
    }
  }

  /** True while the thread takes work: not stopped, not stranded in a pod namespace. */
  boolean usable() {
    return ended == null;
  }

  /** Why the thread ended; null while it is usable. */
  NetnsException ended() {
    return ended;
  }

  /** True while the kernel thread exists; a discarded thread ends right after its last job. */
  boolean alive() {
    return thread.isAlive();
  }

  /** Runs {@code job} on the thread and waits for it. */
  <T> T call(Job<T> job) throws NetnsException {
    Pending<T> pending = new Pending<>(job);
    jobs.add(pending);
    // whoever removes the job owns it: here, if the thread ended before taking it
    if (ended != null && jobs.remove(pending)) {
      throw ended;
    }
    try {
      return pending.result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof NetnsException n) {
        throw n;
      }
      throw e;
    }
  }

  /** Asks the thread to end after its current job and waits for it a little. */
  void stop() {
    jobs.add(new Pending<>(null));
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static NetnsException stopped() {
    return new NetnsException(NetnsErrorReason.SETNS_FAILED, "netns worker thread stopped");
  }

  private static final class Pending<T> {
    final Job<T> job;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Pending(Job<T> job) {
      this.job = job;
    }

    private T value;
    private Throwable failure;

    void execute(PodNamespaceReader reader) {
      try {
        value = job.run(reader);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
    }

    void publish() {
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(value);
      }
    }

    void fail(NetnsException e) {
      result.completeExceptionally(e);
    }
  }
}
