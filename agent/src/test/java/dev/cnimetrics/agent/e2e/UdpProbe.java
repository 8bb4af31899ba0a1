package dev.cnimetrics.agent.e2e;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * UDP traffic between two test pods, run inside a pod's network namespace with {@code nsenter
 * --net=<netns> java -cp target/test-classes dev.cnimetrics.agent.e2e.UdpProbe …}:
 *
 * <pre>
 * listen IDLE_MS          print the bound port, count payload bytes until IDLE_MS pass without any, print them
 * send HOST PORT N SIZE   one datagram to resolve the neighbour, then N datagrams of SIZE bytes; print the payload bytes sent
 * stream HOST PORT PER_SECOND SECONDS SIZE
 *                         PER_SECOND datagrams of SIZE bytes a second, paced every 10 ms, for SECONDS; print the datagrams sent
 * </pre>
 *
 * A stream needs no listener: the receiving pod's kernel counts the datagrams before it drops them,
 * as every counter the dashboards read does.
 */
public final class UdpProbe {

  private UdpProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("listen")) {
      listen(Integer.parseInt(args[1]));
    } else if (args.length == 5 && args[0].equals("send")) {
      send(
          args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else if (args.length == 6 && args[0].equals("stream")) {
      stream(
          args[1],
          Integer.parseInt(args[2]),
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
    } else {
      System.err.println(
          "usage: UdpProbe listen IDLE_MS | send HOST PORT N SIZE"
              + " | stream HOST PORT PER_SECOND SECONDS SIZE");
      System.exit(2);
    }
  }

  private static void listen(int idleMillis) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
      System.out.println(socket.getLocalPort());
      System.out.flush();
      byte[] buffer = new byte[65536];
      long total = 0;
      // The sender starts within seconds; after the first datagram, silence ends the count.
      socket.setSoTimeout(60_000);
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buffer, buffer.length);
          socket.receive(p);
          total += p.getLength();
          socket.setSoTimeout(idleMillis);
        }
      } catch (SocketTimeoutException done) {
        System.out.println(total);
      }
    }
  }

  private static void send(String host, int port, int count, int size) throws Exception {
    InetAddress to = InetAddress.getByName(host);
    byte[] payload = new byte[size];
    long total = 0;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(payload, 1, to, port));
      total += 1;
      Thread.sleep(300);
      for (int i = 0; i < count; i++) {
        socket.send(new DatagramPacket(payload, size, to, port));
        total += size;
        if (i % 20 == 19) {
          Thread.sleep(5); // let the receiver keep up; the count is what matters, not the rate
        }
      }
    }
    System.out.println(total);
  }

  /** Steady traffic: the dashboards' rates over it agree however their windows are aligned. */
  private static void stream(String host, int port, int perSecond, int seconds, int size)
      throws Exception {
    InetAddress to = InetAddress.getByName(host);
    byte[] payload = new byte[size];
    long slots = seconds * 100L;
    long sent = 0;
    try (DatagramSocket socket = new DatagramSocket()) {
      long start = System.nanoTime();
      for (long slot = 0; slot < slots; slot++) {
        long due = start + slot * 10_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        // the datagrams owed by this slot, so that a late wake-up catches up
        long owed = (slot + 1) * perSecond / 100 - sent;
        for (long i = 0; i < owed; i++) {
          socket.send(new DatagramPacket(payload, size, to, port));
        }
        sent += owed;
      }
    }
    System.out.println(sent);
  }
}
