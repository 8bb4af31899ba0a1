package dev.cnimetrics.agent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cnimetrics.testkit.host.Commands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic through the real join: UDP from one test pod to another; a real Prometheus scrapes
 * the host veths' kernel counters (the CRI-O shape of {@link CadvisorStandIn}: host series only)
 * and the real agent with the shipped plain scrape config and recording rules; the pod-labelled
 * series must show the bytes in the right direction.
 */
class PodTrafficIT {

  static final String NODE = "cnmag-traffic-node";
  // Unique per run: the host veth names derive from namespace/pod (see TestPods.HostVethNaming).
  static final String NAMESPACE = "cnmag-traffic-" + TestPods.runSuffix();
  static final int DATAGRAMS = 200;
  static final int SIZE = 1000;

  @TempDir static Path dir;
  private static TestPods pods;
  private static TestPods.Pod sender;
  private static TestPods.Pod receiver;

  @BeforeAll
  static void createPods() throws Exception {
    TestPods.requireRootAnd(
        List.of("/usr/sbin/ip", "/usr/bin/nsenter", PrometheusServer.BINARY.toString()));
    pods = new TestPods(NAMESPACE);
    sender = pods.add("cnmag-sender", TestPods.HostVethNaming.AWS_VPC_CNI);
    receiver = pods.add("cnmag-receiver", TestPods.HostVethNaming.CALICO);
  }

  @AfterAll
  static void removePods() throws Exception {
    if (pods != null) {
      pods.close();
    }
  }

  private static String series(String metric, TestPods.Pod pod) {
    return metric + "{namespace=\"" + NAMESPACE + "\",pod=\"" + pod.name() + "\"}";
  }

  @Test
  void bytesAPodSendsShowAsItsTransmitAndNotItsReceive() throws Exception {
    try (AgentProcess agent =
            AgentProcess.start(
                dir.resolve("agent.log"),
                pods.agentEnv(),
                "--node-name=" + NODE,
                "--imds=false",
                "--ipamd-url=none",
                "--refresh-interval=1s");
        CadvisorStandIn cadvisor = new CadvisorStandIn(CadvisorStandIn.Shape.CRIO, pods::live);
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir, ShippedPrometheusConfig.build(NODE, cadvisor.target(), agent.target()))) {
      String tx = series("container_network_transmit_bytes_total", sender);
      String rx = series("container_network_receive_bytes_total", sender);
      String peerRx = series("container_network_receive_bytes_total", receiver);
      double tx0 = await(prometheus, tx, v -> true, "the recording rule's series");
      JsonNode labels = prometheus.query(tx).get(0).path("metric");
      assertEquals("eth0", labels.path("interface").asText(), labels.toString());
      assertTrue(labels.path("host_interface").asText().startsWith("eni"), labels.toString());
      assertEquals(NODE, labels.path("node").asText(), labels.toString());
      double rx0 = await(prometheus, rx, v -> true, "the sender's receive series");
      double peerRx0 = await(prometheus, peerRx, v -> true, "the receiver's receive series");

      long[] sent = udp();
      long bytes = sent[0];
      long received = sent[1];
      assertTrue(received > 0, "the receiving pod got nothing of " + bytes + " bytes");

      double tx1 = await(prometheus, tx, v -> v >= tx0 + bytes, "transmit to rise by " + bytes);
      double rx1 = prometheus.value(rx).orElseThrow();
      double peerRx1 =
          await(prometheus, peerRx, v -> v >= peerRx0 + received, "peer receive to rise");
      System.out.printf(
          "traffic: sent %d B, received %d B; sender tx +%.0f B, rx +%.0f B; receiver rx +%.0f B%n",
          bytes, received, tx1 - tx0, rx1 - rx0, peerRx1 - peerRx0);
      assertTrue(rx1 - rx0 < bytes / 10.0, "sender's receive rose by " + (rx1 - rx0));
    }
  }

  /** Runs the listener in the receiver and the sender in the sender; returns {sent, received}. */
  private static long[] udp() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Path.of("target", "test-classes").toAbsolutePath().toString();
    String probe = UdpProbe.class.getName();
    Process listener =
        new ProcessBuilder(
                "nsenter", "--net=" + receiver.netns(), java, "-cp", cp, probe, "listen", "1500")
            .redirectError(dir.resolve("listener.err").toFile())
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
      String port = out.readLine();
      if (port == null) {
        throw new AssertionError("listener: " + Files.readString(dir.resolve("listener.err")));
      }
      String ip = receiver.ipv4();
      String sent =
          Commands.run(
              "nsenter",
              "--net=" + sender.netns(),
              java,
              "-cp",
              cp,
              probe,
              "send",
              ip,
              port.strip(),
              "" + DATAGRAMS,
              "" + SIZE);
      String received = out.readLine();
      if (!listener.waitFor(30, TimeUnit.SECONDS) || received == null) {
        throw new AssertionError("listener did not finish: " + dir.resolve("listener.err"));
      }
      return new long[] {Long.parseLong(sent.strip()), Long.parseLong(received.strip())};
    } finally {
      listener.destroyForcibly();
    }
  }

  private interface Check {
    boolean ok(double value);
  }

  private static double await(PrometheusServer p, String promql, Check check, String what)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    OptionalDouble last = OptionalDouble.empty();
    while (System.nanoTime() < deadline) {
      last = p.value(promql);
      if (last.isPresent() && check.ok(last.getAsDouble())) {
        return last.getAsDouble();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Prometheus: "
            + what
            + " ("
            + promql
            + ") within 60s, last "
            + last
            + "; rules say: "
            + p.query("pod_interface_shim")
            + "\n"
            + p.log());
  }
}
