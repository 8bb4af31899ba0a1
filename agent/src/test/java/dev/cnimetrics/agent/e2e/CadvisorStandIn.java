package dev.cnimetrics.agent.e2e;

import dev.cnimetrics.cri.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Stands in for the kubelet's {@code /metrics/cadvisor} endpoint, which cannot run here, for its
 * eight {@code container_network_*_total} families, with cAdvisor's behaviour where the shipped
 * rules depend on it:
 *
 * <ul>
 *   <li>Label set {@code container, id, image, interface, name, namespace, pod}, values with the
 *       collection time as an explicit timestamp (as cAdvisor serves them).
 *   <li>Counters read the way cAdvisor reads them: {@code /proc/<pid>/net/dev} of a process in the
 *       network namespace (pid 1 for the host, {@code id="/"}, all other labels empty; the pod's
 *       pause process for a sandbox). Interfaces whose names start with {@code lo}, {@code veth},
 *       {@code docker} or {@code nerdctl}, in any case, are never reported (cAdvisor's {@code
 *       ignoredDevicePrefixes} and {@code isIgnoredDevice}, container/libcontainer/handler.go in
 *       google/cadvisor), so the bridge CNI's host veths do not appear at all.
 *   <li>The two shapes real runtimes give: on containerd every pod sandbox that has its own network
 *       namespace also gets series with pod labels ({@code id=/kubepods/…/<sandbox id>}, the pause
 *       image, pod-side counters); CRI-O with {@code drop_infra_ctr} (its default) serves none,
 *       only the host's {@code id="/"} series. hostNetwork sandboxes never get network series of
 *       their own (cAdvisor reports network only for containers with their own namespace).
 * </ul>
 *
 * {@link Shape#POD_LEVEL_ONLY} serves only the pod-labelled series: the ground truth the parity
 * test feeds to a Prometheus without any cni-metrics rule.
 */
final class CadvisorStandIn implements AutoCloseable {

  enum Shape {
    CONTAINERD,
    CRIO,
    POD_LEVEL_ONLY
  }

  /** cAdvisor family suffix, its help text, and the /proc/net/dev column it comes from. */
  private record Family(String suffix, String help, int column) {}

  // /proc/net/dev columns after the name: rx bytes packets errs drop fifo frame compressed
  // multicast, tx bytes packets errs drop fifo colls carrier compressed.
  private static final List<Family> FAMILIES =
      List.of(
          new Family("receive_bytes", "Cumulative count of bytes received", 0),
          new Family("receive_packets", "Cumulative count of packets received", 1),
          new Family("receive_errors", "Cumulative count of errors encountered while receiving", 2),
          new Family(
              "receive_packets_dropped", "Cumulative count of packets dropped while receiving", 3),
          new Family("transmit_bytes", "Cumulative count of bytes transmitted", 8),
          new Family("transmit_packets", "Cumulative count of packets transmitted", 9),
          new Family(
              "transmit_errors", "Cumulative count of errors encountered while transmitting", 10),
          new Family(
              "transmit_packets_dropped",
              "Cumulative count of packets dropped while transmitting",
              11));

  private static final List<String> IGNORED_PREFIXES = List.of("lo", "veth", "docker", "nerdctl");
  static final String PAUSE_IMAGE = "cni-metrics.local/pause:1.0";

  private final ExpositionServer server;
  private final Shape shape;
  private final Callable<List<Sandbox>> sandboxes;

  /**
   * @param sandboxes the node's READY sandboxes, asked on every scrape (cAdvisor sees every pod)
   */
  CadvisorStandIn(Shape shape, Callable<List<Sandbox>> sandboxes) throws IOException {
    this.shape = shape;
    this.sandboxes = sandboxes;
    server = new ExpositionServer("/metrics/cadvisor", "cadvisor stand-in", this::exposition);
  }

  /**
   * {@code scripts/demo.sh} runs the CRI-O shape (host series only, so pod labels can come only
   * from pod_interface_shim) until it is killed: {@code java -cp
   * agent/target/test-classes:agent/target/cni-metrics-agent.jar
   * dev.cnimetrics.agent.e2e.CadvisorStandIn PORT_FILE}. It writes its loopback port to PORT_FILE.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CadvisorStandIn PORT_FILE");
      System.exit(2);
    }
    CadvisorStandIn standIn = new CadvisorStandIn(Shape.CRIO, List::of);
    Path tmp = Path.of(args[0] + ".tmp");
    Files.writeString(tmp, standIn.server.port() + "\n");
    Files.move(tmp, Path.of(args[0]), StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }

  String target() {
    return server.target();
  }

  /** One set of cAdvisor labels and the counters of its interfaces. */
  private record Source(String id, String image, String name, String namespace, String pod) {}

  private String exposition() throws Exception {
    Map<Source, Map<String, long[]>> read = new LinkedHashMap<>();
    if (shape != Shape.POD_LEVEL_ONLY) {
      read.put(new Source("/", "", "", "", ""), netDev(Path.of("/proc/1/net/dev")));
    }
    if (shape != Shape.CRIO) {
      for (Sandbox s : sandboxes.call()) {
        if (s.hostNetwork() || s.pausePid().isEmpty()) {
          continue;
        }
        Source pod =
            new Source(
                "/kubepods/besteffort/pod" + s.uid() + "/" + s.id(),
                PAUSE_IMAGE,
                s.id(),
                s.namespace(),
                s.name());
        try {
          read.put(pod, netDev(Path.of("/proc/" + s.pausePid().getAsLong() + "/net/dev")));
        } catch (IOException gone) {
          // the sandbox stopped between listing and reading: cAdvisor drops it the same way
        }
      }
    }
    long now = System.currentTimeMillis();
    StringBuilder sb = new StringBuilder();
    for (Family f : FAMILIES) {
      String metric = "container_network_" + f.suffix() + "_total";
      sb.append("# HELP ").append(metric).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(metric).append(" counter\n");
      read.forEach(
          (source, interfaces) ->
              interfaces.forEach(
                  (name, counters) ->
                      sb.append(metric)
                          .append("{container=\"\",id=\"")
                          .append(source.id())
                          .append("\",image=\"")
                          .append(source.image())
                          .append("\",interface=\"")
                          .append(name)
                          .append("\",name=\"")
                          .append(source.name())
                          .append("\",namespace=\"")
                          .append(source.namespace())
                          .append("\",pod=\"")
                          .append(source.pod())
                          .append("\"} ")
                          .append(counters[f.column()])
                          .append(' ')
                          .append(now)
                          .append('\n')));
    }
    return sb.toString();
  }

  /** Interface name → the 16 counters of /proc/…/net/dev, without the ignored interfaces. */
  static Map<String, long[]> netDev(Path file) throws IOException {
    Map<String, long[]> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip();
      String lower = name.toLowerCase(Locale.ROOT);
      if (IGNORED_PREFIXES.stream().anyMatch(lower::startsWith)) {
        continue;
      }
      List<Long> values = new ArrayList<>();
      for (String v : line.substring(colon + 1).strip().split("\\s+")) {
        values.add(Long.parseLong(v));
      }
      out.put(name, values.stream().mapToLong(Long::longValue).toArray());
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
