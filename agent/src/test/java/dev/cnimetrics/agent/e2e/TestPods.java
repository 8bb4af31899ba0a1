package dev.cnimetrics.agent.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.testkit.cri.PodRequest;
import dev.cnimetrics.testkit.cri.SandboxLifecycle;
import dev.cnimetrics.testkit.cri.TestNodeEnv;
import dev.cnimetrics.testkit.host.Commands;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Pods on the real containerd test node ({@code scripts/e2e/node.sh up}), created over CRI like
 * kubelet does, plus veths added into them by hand. Everything made here is removed by {@link
 * #close}, also after a failure.
 */
public final class TestPods implements AutoCloseable {

  /** A pod as the runtime reports it right after creation. */
  public record Pod(Sandbox sandbox) {
    String id() {
      return sandbox.id();
    }

    String name() {
      return sandbox.name();
    }

    Path netns() {
      return sandbox.netnsPath().orElseThrow(() -> new AssertionError("no netns: " + sandbox));
    }

    /** The IPv4 address of the pod's eth0, as the pod itself sees it. */
    String ipv4() throws Exception {
      JsonNode addresses =
          JSON.readTree(
              Commands.run(
                  "nsenter", "--net=" + netns(), "ip", "-j", "-4", "addr", "show", "eth0"));
      return addresses.get(0).path("addr_info").get(0).path("local").asText();
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_SUFFIX = String.format("%06x", RANDOM.nextInt(1 << 24));

  final Path socket = TestNodeEnv.socket();
  public final Path netnsDir = TestNodeEnv.netnsDir();
  private final String namespace;
  private final SandboxLifecycle lifecycle = new SandboxLifecycle(socket);
  private final PodSandboxes listing;
  private final List<String> sandboxIds = new ArrayList<>();
  private final List<String> hostVeths = new ArrayList<>();

  /** Fails with one clear line unless the tests run as root with every tool they need. */
  public static void requireRootAnd(List<String> tools) {
    Commands.requireRootAnd(
        "the agent's end-to-end tests create namespaces, veths and pods", tools);
  }

  public TestPods(String namespace) throws Exception {
    this.namespace = namespace;
    this.listing =
        PodSandboxes.open(
            CriConfig.of(
                CriEndpoint.parse(endpoint()).orElseThrow(), netnsDir, Duration.ofSeconds(5)),
            reason -> {});
  }

  /** Six hex digits, new for every test JVM: for names two concurrent runs must not share. */
  static String runSuffix() {
    return RUN_SUFFIX;
  }

  public String endpoint() {
    return "unix://" + socket;
  }

  /** The node's CRI socket and netns directory for the agent, by the variables users set. */
  public Map<String, String> agentEnv() {
    return Map.of(
        "CNI_METRICS_CRI_ENDPOINT", endpoint(), "CNI_METRICS_NETNS_DIR", netnsDir.toString());
  }

  public Pod add(String name, boolean hostNetwork) throws Exception {
    String id = lifecycle.run(PodRequest.of(name, namespace, hostNetwork));
    sandboxIds.add(id);
    return new Pod(
        live().stream()
            .filter(s -> s.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new AssertionError("sandbox " + id + " not listed after creation")));
  }

  /**
   * The host-side veth names real CNIs give pods. cAdvisor never reports interfaces named {@code
   * veth…} (the bridge plugin's names), so tests that read cAdvisor-format series rename the
   * bridge's host end to one of these.
   */
  public enum HostVethNaming {
    /** AWS VPC CNI: {@code eni} + 11 hex digits of sha1(namespace.name), deterministic. */
    AWS_VPC_CNI("eni", 11),
    /** Calico: {@code cali} + 11 hex digits of a hash of namespace.name, deterministic. */
    CALICO("cali", 11),
    /** Cilium: {@code lxc} + 12 hex digits, derived from the endpoint (here: the sandbox id). */
    CILIUM("lxc", 12);

    private final String prefix;
    private final int digits;

    HostVethNaming(String prefix, int digits) {
      this.prefix = prefix;
      this.digits = digits;
    }

    String name(String namespace, String pod, String sandboxId) throws Exception {
      String key = this == CILIUM ? sandboxId : namespace + "." + pod;
      byte[] hash = MessageDigest.getInstance("SHA-1").digest(key.getBytes(UTF_8));
      return prefix + HexFormat.of().formatHex(hash).substring(0, digits);
    }
  }

  /**
   * A pod whose host-side veth is renamed the way {@code naming}'s CNI names it (down, rename, up:
   * the bridge port stays). Returns the pod as the runtime lists it; its CNI result still names the
   * bridge's original name.
   */
  public Pod add(String name, HostVethNaming naming) throws Exception {
    Pod pod = add(name, false);
    String original = hostPeer(pod);
    String renamed = naming.name(namespace, name, pod.id());
    Commands.run("ip", "link", "set", "dev", original, "down");
    Commands.run("ip", "link", "set", "dev", original, "name", renamed);
    Commands.run("ip", "link", "set", "dev", renamed, "up");
    return pod;
  }

  /**
   * The host end of the pod's eth0, asked from the pod's side (its {@code link_index} is the peer's
   * ifindex on the host). Not the CNI result: the bridge plugin lists the bridge there too.
   */
  private static String hostPeer(Pod pod) throws Exception {
    JsonNode eth0 =
        JSON.readTree(
                Commands.run("nsenter", "--net=" + pod.netns(), "ip", "-j", "link", "show", "eth0"))
            .path(0);
    int peer = eth0.path("link_index").asInt(-1);
    for (JsonNode link : JSON.readTree(Commands.run("ip", "-j", "-d", "link", "show"))) {
      if (link.path("ifindex").asInt() == peer
          && "veth".equals(link.path("linkinfo").path("info_kind").asText())) {
        return link.path("ifname").asText();
      }
    }
    throw new AssertionError("no host veth with ifindex " + peer + " for " + pod + ": " + eth0);
  }

  void remove(Pod pod) throws Exception {
    lifecycle.remove(pod.id());
    sandboxIds.remove(pod.id());
  }

  /** Every READY sandbox of the node, as the runtime lists it (not only this test's). */
  List<Sandbox> live() throws Exception {
    return listing.list();
  }

  /**
   * Adds a second interface the way a CNI chain would: a veth with a CNI-looking host name ({@code
   * lxc} + hex) whose other end is {@code net1} in the pod, both up. Returns the host-side name.
   */
  String addVeth(Pod pod) {
    byte[] b = new byte[5];
    RANDOM.nextBytes(b);
    String host = "lxc" + HexFormat.of().formatHex(b);
    long pid = pod.sandbox().pausePid().orElseThrow();
    Commands.run(
        "ip", "link", "add", host, "type", "veth", "peer", "name", "net1", "netns", "" + pid);
    hostVeths.add(host);
    Commands.run("ip", "link", "set", host, "up");
    Commands.run("nsenter", "--net=" + pod.netns(), "ip", "link", "set", "net1", "up");
    return host;
  }

  @Override
  public void close() {
    AssertionError failed = null;
    for (String id : List.copyOf(sandboxIds)) {
      try {
        lifecycle.remove(id);
      } catch (Exception e) {
        failed = new AssertionError("cannot remove test sandbox " + id + ": " + e.getMessage());
      }
    }
    // Removing the pod's namespace deletes the pair; delete what is left of one whose pod stayed.
    for (String host : hostVeths) {
      Commands.tryRun("ip", "link", "del", host);
    }
    lifecycle.close();
    listing.close();
    if (failed != null) {
      throw failed;
    }
  }
}
