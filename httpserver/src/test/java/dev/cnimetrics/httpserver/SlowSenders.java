package dev.cnimetrics.httpserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slow-connection attack ("slowloris"): sockets that send a request's headers one byte per
 * interval and never finish them, reconnecting whenever the server closes one. Loopback only,
 * stopped by {@link #close}.
 */
final class SlowSenders implements AutoCloseable {
  private static final byte[] HEADERS =
      ("GET /metrics HTTP/1.1\r\nHost: x\r\n" + "X-Pad: " + "a".repeat(4000) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress target;
  private final List<Sender> senders = new ArrayList<>();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger reconnects = new AtomicInteger();

  private final class Sender {
    Socket socket;
    int sent;

    void tick() {
      try {
        send();
      } catch (IOException e) {
        // The server shed this connection: what the defence should do. An attacker comes back
        // at once.
        closeQuietly();
        reconnects.incrementAndGet();
        try {
          send();
        } catch (IOException again) {
          closeQuietly();
        }
      }
    }

    private void send() throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.connect(target, 1000);
        sent = 0;
      }
      OutputStream out = socket.getOutputStream();
      out.write(HEADERS[sent++ % HEADERS.length]);
      out.flush();
    }

    boolean open() {
      return socket != null && !socket.isClosed();
    }

    void closeQuietly() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // Closing a socket the server already reset.
      }
      socket = null;
    }
  }

  SlowSenders(InetSocketAddress target, int count, long intervalMillis) {
    this.target = target;
    for (int i = 0; i < count; i++) {
      senders.add(new Sender());
    }
    ticks.scheduleWithFixedDelay(
        () -> senders.forEach(Sender::tick), 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** How many of the attack's sockets are connected right now. */
  int connected() throws InterruptedException, ExecutionException {
    return ticks.submit(() -> (int) senders.stream().filter(Sender::open).count()).get();
  }

  int reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.forEach(Sender::closeQuietly);
  }
}
