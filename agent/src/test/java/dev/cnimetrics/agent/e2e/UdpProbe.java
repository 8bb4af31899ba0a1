package dev.cnimetrics.agent.e2e;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * UDP traffic between two test pods, run inside a pod's network namespace with {@code nsenter
 * --net=<netns> java -cp target/test-classes dev.cnimetrics.agent.e2e.UdpProbe …}:
 *
 * <pre>
 * listen IDLE_MS          print the bound port, count payload bytes until IDLE_MS pass without any, print them
 * send HOST PORT N SIZE   one datagram to resolve the neighbour, then N datagrams of SIZE bytes; print the payload bytes sent
 * </pre>
 */
public final class UdpProbe {

  private UdpProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("listen")) {
      listen(Integer.parseInt(args[1]));
    } else if (args.length == 5 && args[0].equals("send")) {
      send(
          args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else {
      System.err.println("usage: UdpProbe listen IDLE_MS | send HOST PORT N SIZE");
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
}
