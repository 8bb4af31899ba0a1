package dev.cnimetrics.aggregator.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Many simulated agents on real loopback sockets: one listening port per agent on 127.0.0.1, all
 * served by a single selector thread (a JDK HttpServer per port would need a thread per port). It
 * stands in for the agent's {@code GET /v1/report} as agent/README.md ("Node report") documents it:
 * HTTP/1.1, the body the test's function returns (the tests build it with {@link ReportJson}, which
 * writes through the report module's writer), {@code Connection: close} honoured. Each agent
 * behaves as its {@link Kind} says; a refusing agent's port is held by a socket that is bound but
 * does not listen, so connecting to it is refused by the kernel, as for a node whose agent is down.
 */
public final class FakeAgentFleet implements AutoCloseable {
  /** How an agent answers {@code GET /v1/report}. */
  public enum Kind {
    OK,
    SLOW,
    REFUSE,
    BAD_JSON,
    WRONG_VERSION,
    HUGE,
    HTTP_500
  }

  private final Selector selector;
  private final List<InetSocketAddress> addresses = new ArrayList<>();
  private final Kind[] kinds;
  private final AtomicIntegerArray scrapes;
  private final BiFunction<Integer, Integer, String> reports;
  private final Duration slowDelay;
  private final List<SocketChannel> refusing = new ArrayList<>();
  private final AtomicReferenceArray<Rendered> rendered;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread loop;
  private volatile boolean closed;
  private volatile Duration latency = Duration.ZERO;

  private static final class Conn {
    final int agent;
    final StringBuilder request = new StringBuilder();
    ByteBuffer out;
    boolean closeAfter;

    Conn(int agent) {
      this.agent = agent;
    }
  }

  /**
   * @param reports (agent index, how many times it was scraped before) → report JSON
   */
  public FakeAgentFleet(
      int count,
      IntFunction<Kind> kindOf,
      BiFunction<Integer, Integer, String> reports,
      Duration slowDelay)
      throws IOException {
    this(count, kindOf, reports, slowDelay, false);
  }

  /**
   * Agents like Kubernetes pods: agent i on 127.0.0.(i+1), all on one port (Linux routes all of
   * 127.0.0.0/8 to loopback), at most 250 agents.
   */
  public static FakeAgentFleet onePortManyAddresses(
      int count, BiFunction<Integer, Integer, String> reports) throws IOException {
    return new FakeAgentFleet(count, i -> Kind.OK, reports, Duration.ZERO, true);
  }

  private FakeAgentFleet(
      int count,
      IntFunction<Kind> kindOf,
      BiFunction<Integer, Integer, String> reports,
      Duration slowDelay,
      boolean samePort)
      throws IOException {
    this.selector = Selector.open();
    this.kinds = new Kind[count];
    this.scrapes = new AtomicIntegerArray(count);
    this.rendered = new AtomicReferenceArray<>(count);
    this.reports = reports;
    this.slowDelay = slowDelay;
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < count; i++) {
      kinds[i] = kindOf.apply(i);
      if (kinds[i] == Kind.REFUSE) {
        // Bound but not listening: the kernel refuses connections to the port, and no other
        // socket can take it while this one holds it (a closed port could be handed to another
        // test's server on port 0, whose answer would then count as this agent's).
        SocketChannel held = SocketChannel.open();
        held.bind(new InetSocketAddress(loopback, 0));
        refusing.add(held);
        addresses.add((InetSocketAddress) held.getLocalAddress());
        continue;
      }
      ServerSocketChannel ch = ServerSocketChannel.open();
      ch.bind(
          samePort
              ? new InetSocketAddress(
                  InetAddress.getByName("127.0.0." + (i + 1)),
                  i == 0 ? 0 : addresses.get(0).getPort())
              : new InetSocketAddress(loopback, 0),
          512);
      addresses.add((InetSocketAddress) ch.getLocalAddress());
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_ACCEPT, i);
    }
    loop = new Thread(this::run, "fake-agents");
    loop.setDaemon(true);
    loop.start();
  }

  public List<InetSocketAddress> addresses() {
    return addresses;
  }

  /** Every OK agent answers this much later (network + agent time of a real cluster). */
  public void latency(Duration d) {
    latency = d;
  }

  /** A report body rendered ahead of the scrape it answers. */
  private record Rendered(int scrape, String body) {}

  /**
   * Renders every agent's report for its next scrape now, so that rendering them is not part of a
   * measured cycle: a real agent renders its report on its own node, not on the aggregator's CPU.
   */
  public void prerender() {
    for (int i = 0; i < kinds.length; i++) {
      int next = scrapes.get(i);
      rendered.set(i, new Rendered(next, reports.apply(i, next)));
    }
  }

  private String report(int agent, int seen) {
    Rendered r = rendered.get(agent);
    return r != null && r.scrape() == seen ? r.body() : reports.apply(agent, seen);
  }

  /** Requests agent {@code i} has received. */
  public int scrapes(int agent) {
    return scrapes.get(agent);
  }

  private void run() {
    try {
      while (!closed) {
        selector.select(200);
        for (Runnable r; (r = tasks.poll()) != null; ) {
          r.run();
        }
        for (SelectionKey key : selector.selectedKeys()) {
          try {
            handle(key);
          } catch (IOException | RuntimeException e) {
            key.cancel();
            key.channel().close();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(SelectionKey key) throws IOException {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
      if (c != null) {
        c.configureBlocking(false);
        c.register(selector, SelectionKey.OP_READ, new Conn((Integer) key.attachment()));
      }
    } else if (key.isReadable()) {
      read(key);
    } else if (key.isWritable()) {
      Conn conn = (Conn) key.attachment();
      ((SocketChannel) key.channel()).write(conn.out);
      if (!conn.out.hasRemaining() && conn.closeAfter) {
        key.cancel();
        key.channel().close();
      } else if (!conn.out.hasRemaining()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }
  }

  private void read(SelectionKey key) throws IOException {
    Conn conn = (Conn) key.attachment();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    int n = ((SocketChannel) key.channel()).read(buf);
    if (n < 0) {
      key.cancel();
      key.channel().close();
      return;
    }
    conn.request.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
    if (conn.request.indexOf("\r\n\r\n") < 0) {
      return;
    }
    conn.closeAfter =
        conn.request
            .toString()
            .toLowerCase(java.util.Locale.ROOT)
            .contains("\r\nconnection: close");
    conn.request.setLength(0);
    int seen = scrapes.getAndIncrement(conn.agent);
    ByteBuffer response = response(conn.agent, seen);
    Duration delay =
        kinds[conn.agent] == Kind.SLOW
            ? slowDelay
            : kinds[conn.agent] == Kind.OK ? latency : Duration.ZERO;
    if (!delay.isZero()) {
      key.interestOps(0);
      timer.schedule(
          () -> {
            tasks.add(() -> reply(key, conn, response));
            selector.wakeup();
          },
          delay.toNanos(),
          TimeUnit.NANOSECONDS);
    } else {
      reply(key, conn, response);
    }
  }

  private static void reply(SelectionKey key, Conn conn, ByteBuffer response) {
    if (key.isValid()) {
      conn.out = response;
      key.interestOps(SelectionKey.OP_WRITE);
    }
  }

  private ByteBuffer response(int agent, int seen) {
    int status = 200;
    String body =
        switch (kinds[agent]) {
          case OK, SLOW -> report(agent, seen);
          case BAD_JSON -> "{\"version\":1,";
          case WRONG_VERSION -> report(agent, seen).replace("\"version\":1", "\"version\":2");
          case HUGE -> "{\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
          case HTTP_500 -> {
            status = 500;
            yield "internal error";
          }
          case REFUSE -> throw new IllegalStateException("a refusing agent has no socket");
        };
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + (status == 200 ? " OK" : " Internal Server Error")
            + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    ByteBuffer b = ByteBuffer.allocate(head.length() + bytes.length);
    b.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(bytes).flip();
    return b;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    try {
      loop.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    for (SelectionKey k : selector.keys()) {
      k.channel().close();
    }
    for (SocketChannel held : refusing) {
      held.close();
    }
    selector.close();
  }
}
