package dev.cnimetrics.httpserver;

import dev.cnimetrics.httpserver.Routes.Dispatch;
import dev.cnimetrics.httpserver.Routes.Route;
import dev.cnimetrics.httpserver.Shed.Reason;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server with every resource bounded (see {@link ServerLimits}). One selector
 * thread accepts, reads request heads and writes answers without blocking, so a client that sends
 * or reads slowly costs a buffer, never a thread; complete requests go to their route inline or to
 * a bounded worker pool. Every answer carries {@code Connection: close}.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver} (which client_java's {@code HTTPServer}
 * wraps): it hands a connection to an executor thread at its first byte and that thread then blocks
 * reading the rest of the head, so ten sockets sending a byte a second take the default ten
 * threads; its only bound is a JVM-wide system property read once per process; and it logs every
 * client hang-up as a JUL stack trace.
 */
public final class BoundedHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BoundedHttpServer.class);
  private static final long TICK_MILLIS = 100;
  // After the answer, wait this long for the client's end of the stream before closing: closing
  // with unread request bytes would reset the connection and could destroy the answer in flight.
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Map<Integer, String> REASONS =
      Map.of(
          200, "OK",
          400, "Bad Request",
          401, "Unauthorized",
          404, "Not Found",
          405, "Method Not Allowed",
          431, "Request Header Fields Too Large",
          500, "Internal Server Error",
          503, "Service Unavailable");

  private enum State {
    READING,
    WORKING,
    WRITING,
    LINGERING
  }

  private final class Conn {
    final SocketChannel channel;
    final SelectionKey key;
    byte[] in = new byte[1024];
    int length;
    boolean head;
    ByteBuffer out;
    long deadline;
    State state = State.READING;
    Response answer;

    Conn(SocketChannel channel, SelectionKey key, long now) {
      this.channel = channel;
      this.key = key;
      this.deadline = now + limits.readDeadline().toNanos();
    }
  }

  private final String name;
  private final ServerLimits limits;
  private final Routes routes;
  private final Shed shed;
  private final Selector selector;
  private final ServerSocketChannel listener;
  private final ThreadPoolExecutor workers;
  // In accept order, so the oldest connection still sending its head is found first.
  private final Set<Conn> open = new LinkedHashSet<>();
  private final ConcurrentLinkedQueue<Conn> answered = new ConcurrentLinkedQueue<>();
  private final ByteBuffer discard = ByteBuffer.allocate(1024);
  private final Thread loop;
  private volatile boolean running = true;

  private BoundedHttpServer(
      String name,
      ServerLimits limits,
      Routes routes,
      Shed shed,
      Selector selector,
      ServerSocketChannel listener) {
    this.name = name;
    this.limits = limits;
    this.routes = routes;
    this.shed = shed;
    this.selector = selector;
    this.listener = listener;
    BlockingQueue<Runnable> queue =
        limits.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.queue());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            limits.workers(),
            limits.workers(),
            0,
            TimeUnit.SECONDS,
            queue,
            r -> {
              Thread t = new Thread(r, name + "-http-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.loop = new Thread(this::run, name + "-http");
    loop.setDaemon(true);
  }

  /**
   * Binds and starts serving; the IOException (address in use, unknown host) is the caller's to
   * report. {@code metricPrefix} names the shed counter ({@code PREFIX_http_shed_total}).
   */
  public static BoundedHttpServer start(
      String name,
      InetSocketAddress bind,
      ServerLimits limits,
      Routes routes,
      String metricPrefix,
      PrometheusRegistry registry)
      throws IOException {
    if (bind.isUnresolved()) {
      bind = new InetSocketAddress(bind.getHostString(), bind.getPort());
      if (bind.isUnresolved()) {
        throw new IOException("cannot resolve host " + bind.getHostString());
      }
    }
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.bind(bind, limits.backlog());
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      listener.close();
      selector.close();
      throw e;
    }
    Shed shed = new Shed(name, metricPrefix, registry, System::nanoTime);
    BoundedHttpServer server =
        new BoundedHttpServer(name, limits, routes, shed, selector, listener);
    server.loop.start();
    return server;
  }

  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("server " + name + " is closed", e);
    }
  }

  public int port() {
    return address().getPort();
  }

  private void run() {
    while (running) {
      try {
        selector.select(TICK_MILLIS);
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.channel() == listener) {
            accept(now);
          } else if (key.isValid()) {
            Conn c = (Conn) key.attachment();
            try {
              if (key.isReadable()) {
                readable(c, now);
              } else if (key.isWritable()) {
                write(c, now);
              }
            } catch (IOException e) {
              // The client hung up or reset: nothing to tell anyone.
              close(c);
            }
          }
        }
        selector.selectedKeys().clear();
        for (Conn c; (c = answered.poll()) != null; ) {
          answer(c, c.answer, System.nanoTime());
        }
        expire(System.nanoTime());
      } catch (IOException | RuntimeException e) {
        // A selector failure is not a client's doing; keep serving, but say so.
        if (running) {
          log.error("http server={} selector loop: {}", name, e.toString());
        }
      }
    }
  }

  private void accept(long now) throws IOException {
    for (SocketChannel ch; (ch = listener.accept()) != null; ) {
      if (open.size() >= limits.maxConnections() && !evictOldestReader()) {
        shed.count(Reason.CONNECTION_LIMIT);
        ch.close();
        continue;
      }
      ch.configureBlocking(false);
      SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
      Conn c = new Conn(ch, key, now);
      key.attach(c);
      open.add(c);
    }
  }

  /**
   * At the connection limit, the oldest connection that has still not sent its whole head makes
   * room: a real client sends its head at once, so whoever holds sockets open half-sent (more of
   * them than the limit) only ever pushes out its own older ones. False when none is reading.
   */
  private boolean evictOldestReader() {
    for (Conn c : open) {
      if (c.state == State.READING) {
        shed.count(Reason.CONNECTION_LIMIT);
        close(c);
        return true;
      }
    }
    return false;
  }

  private void readable(Conn c, long now) throws IOException {
    if (c.state == State.LINGERING) {
      discard.clear();
      if (c.channel.read(discard) < 0) {
        close(c);
      }
      return;
    }
    int n = c.channel.read(ByteBuffer.wrap(c.in, c.length, c.in.length - c.length));
    if (n < 0) {
      close(c);
      return;
    }
    c.length += n;
    Optional<Integer> end = RequestHead.end(c.in, c.length);
    if (end.isPresent()) {
      Request request;
      try {
        request = RequestHead.parse(c.in, end.get());
      } catch (RequestHead.BadRequest e) {
        shed.count(Reason.BAD_REQUEST);
        answer(c, Response.text(e.status, e.getMessage() + "\n"), now);
        return;
      }
      c.in = null;
      dispatch(c, request, now);
    } else if (c.length == c.in.length) {
      if (c.in.length >= limits.maxHeadBytes()) {
        shed.count(Reason.HEAD_TOO_LARGE);
        answer(
            c, Response.text(431, "request head over " + limits.maxHeadBytes() + " bytes\n"), now);
      } else {
        c.in = Arrays.copyOf(c.in, Math.min(c.in.length * 2, limits.maxHeadBytes()));
      }
    }
  }

  private void dispatch(Conn c, Request request, long now) throws IOException {
    c.head = request.method().equals("HEAD");
    Route route = routes.route(request);
    if (route.unauthorized()) {
      shed.count(Reason.UNAUTHORIZED);
    }
    if (route.dispatch() == Dispatch.INLINE) {
      answer(c, handle(route, request), now);
      return;
    }
    // A worker's time is the route's to bound; the write deadline starts with its answer.
    c.state = State.WORKING;
    c.key.interestOps(0);
    try {
      workers.execute(
          () -> {
            c.answer = handle(route, request);
            answered.add(c);
            selector.wakeup();
          });
    } catch (RejectedExecutionException e) {
      shed.count(Reason.BUSY);
      answer(c, Response.text(503, "busy: try again shortly\n").with("Retry-After", "1"), now);
    }
  }

  private Response handle(Route route, Request request) {
    try {
      return route.handler().apply(request);
    } catch (RuntimeException e) {
      // A route that throws is a bug in this program, not the client's doing.
      log.error("http server={} path={} failed: {}", name, request.path(), e.toString());
      return Response.text(500, "internal error\n");
    }
  }

  private void answer(Conn c, Response r, long now) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + r.body().length);
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ")
        .append(r.status())
        .append(' ')
        .append(REASONS.getOrDefault(r.status(), "Status"))
        .append("\r\n");
    r.headers()
        .forEach(
            (k, v) -> {
              // The server sets these two itself: its body is complete and it always closes.
              if (!k.equalsIgnoreCase("Content-Length") && !k.equalsIgnoreCase("Connection")) {
                head.append(k).append(": ").append(v).append("\r\n");
              }
            });
    head.append("Content-Length: ").append(r.body().length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    bytes.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!c.head) {
      bytes.write(r.body());
    }
    c.out = ByteBuffer.wrap(bytes.toByteArray());
    c.in = null;
    c.state = State.WRITING;
    c.deadline = now + limits.writeDeadline().toNanos();
    try {
      write(c, now);
    } catch (IOException e) {
      close(c);
    }
  }

  private void write(Conn c, long now) throws IOException {
    c.channel.write(c.out);
    if (c.out.hasRemaining()) {
      c.key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    c.out = null;
    c.channel.shutdownOutput();
    c.state = State.LINGERING;
    c.deadline = now + LINGER_NANOS;
    c.key.interestOps(SelectionKey.OP_READ);
  }

  private void expire(long now) {
    for (Conn c : new ArrayList<>(open)) {
      if (c.state == State.WORKING || now - c.deadline < 0) {
        continue;
      }
      if (c.state == State.READING) {
        shed.count(Reason.READ_DEADLINE);
      } else if (c.state == State.WRITING) {
        shed.count(Reason.WRITE_DEADLINE);
      }
      close(c);
    }
  }

  private void close(Conn c) {
    open.remove(c);
    c.key.cancel();
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // Already reset by the client.
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    for (Conn c : new ArrayList<>(open)) {
      close(c);
    }
    try {
      listener.close();
      selector.close();
    } catch (IOException e) {
      log.warn("http server={} close: {}", name, e.toString());
    }
  }
}
