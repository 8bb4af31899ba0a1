package dev.cnimetrics.agent.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Stands in for kubelet's cAdvisor endpoint, which cannot run here: serves the host interfaces'
 * real kernel counters, read from {@code /sys/class/net/<if>/statistics/} on every scrape, in
 * cAdvisor's exact series format for host-namespace interfaces ({@code id="/"}, empty pod).
 */
final class CadvisorExporter implements AutoCloseable {

  /** cAdvisor family suffix, kernel statistics file, cAdvisor's help text. */
  private record Family(String suffix, String file, String help) {}

  private static final List<Family> FAMILIES =
      List.of(
          new Family("receive_bytes", "rx_bytes", "Cumulative count of bytes received"),
          new Family("receive_packets", "rx_packets", "Cumulative count of packets received"),
          new Family(
              "receive_errors",
              "rx_errors",
              "Cumulative count of errors encountered while receiving"),
          new Family(
              "receive_packets_dropped",
              "rx_dropped",
              "Cumulative count of packets dropped while receiving"),
          new Family("transmit_bytes", "tx_bytes", "Cumulative count of bytes transmitted"),
          new Family("transmit_packets", "tx_packets", "Cumulative count of packets transmitted"),
          new Family(
              "transmit_errors",
              "tx_errors",
              "Cumulative count of errors encountered while transmitting"),
          new Family(
              "transmit_packets_dropped",
              "tx_dropped",
              "Cumulative count of packets dropped while transmitting"));

  private static final Path SYS_NET = Path.of("/sys/class/net");
  private final HttpServer server;
  private final String nodeInterface;

  /**
   * @param nodeInterface the node's own interface to serve besides the pod veths (eth0)
   */
  CadvisorExporter(String nodeInterface) throws IOException {
    this.nodeInterface = nodeInterface;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics/cadvisor",
        exchange -> {
          byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private String exposition() throws IOException {
    TreeSet<String> interfaces = new TreeSet<>();
    try (Stream<Path> links = Files.list(SYS_NET)) {
      links
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("(veth|lxc|eni|cali).+") || n.equals(nodeInterface))
          .forEach(interfaces::add);
    }
    long now = System.currentTimeMillis();
    StringBuilder sb = new StringBuilder();
    for (Family f : FAMILIES) {
      String name = "container_network_" + f.suffix() + "_total";
      sb.append("# HELP ").append(name).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(name).append(" counter\n");
      for (String i : interfaces) {
        Path stat = SYS_NET.resolve(i).resolve("statistics").resolve(f.file());
        String value;
        try {
          value = Files.readString(stat).strip();
        } catch (IOException gone) {
          continue; // the interface went away between listing and reading
        }
        sb.append(name)
            .append("{container=\"\",id=\"/\",image=\"\",interface=\"")
            .append(i)
            .append("\",name=\"\",namespace=\"\",pod=\"\"} ")
            .append(value)
            .append(' ')
            .append(now)
            .append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
