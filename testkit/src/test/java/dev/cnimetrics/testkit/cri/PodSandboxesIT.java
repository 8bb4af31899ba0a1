package dev.cnimetrics.testkit.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.cri.CriErrorCounters;
import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.cri.SandboxState;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real containerd node of {@code scripts/e2e/node.sh up} (CRI endpoint and netns
 * directory from its env file): real sandboxes, real network namespaces, real veth pairs.
 */
class PodSandboxesIT {
  private static final String NAMESPACE = "cnmcri-it";

  private Path socket;
  private Path netnsDir;
  private SandboxLifecycle lifecycle;

  /** sandbox id → what was asked for */
  private final Map<String, PodRequest> created = new LinkedHashMap<>();

  @BeforeEach
  void connect() {
    socket = TestNodeEnv.socket();
    netnsDir = TestNodeEnv.netnsDir();
    lifecycle = new SandboxLifecycle(socket);
  }

  @AfterEach
  void removePods() throws CriException {
    if (lifecycle == null) {
      return;
    }
    try {
      for (String id : created.keySet()) {
        lifecycle.remove(id);
      }
    } finally {
      lifecycle.close();
    }
  }

  private PodSandboxes pods(CriErrorCounters counters) {
    return PodSandboxes.open(
        new CriConfig(new CriEndpoint.Unix(socket), List.of(), netnsDir, Duration.ofSeconds(5)),
        counters);
  }

  @Test
  void listsEveryFieldOfRealSandboxes() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    for (PodRequest p :
        List.of(
            PodRequest.of("cnmcri-web-a", NAMESPACE, false),
            PodRequest.of("cnmcri-web-b", NAMESPACE, false),
            PodRequest.of("cnmcri-hostnet", NAMESPACE, true))) {
      created.put(lifecycle.run(p), p);
    }
    Instant after = Instant.now().plusSeconds(1);

    CriErrorCounters counters = new CriErrorCounters();
    Map<String, Sandbox> listed;
    try (PodSandboxes pods = pods(counters)) {
      listed = pods.list().stream().collect(Collectors.toMap(Sandbox::id, Function.identity()));
    }
    assertEquals(new CriErrorCounters().snapshot(), counters.snapshot(), "no resolution errors");

    List<Path> netnsFiles = new ArrayList<>();
    for (Map.Entry<String, PodRequest> e : created.entrySet()) {
      PodRequest asked = e.getValue();
      Sandbox s = listed.get(e.getKey());
      assertNotNull(s, "sandbox " + e.getKey() + " listed");
      assertEquals(asked.name(), s.name());
      assertEquals(asked.namespace(), s.namespace());
      assertEquals(asked.uid(), s.uid());
      assertEquals(SandboxState.READY, s.state());
      assertTrue(
          s.createdAt().isAfter(before) && s.createdAt().isBefore(after),
          "created " + s.createdAt() + " within [" + before + ", " + after + "]");
      assertEquals(asked.hostNetwork(), s.hostNetwork());
      assertEquals(Optional.empty(), s.problem());
      long pid = s.pausePid().orElseThrow();
      assertEquals("/pause", cmdline(pid), "pid " + pid + " is the sandbox's pause process");
      Path procNet = Path.of("/proc/" + pid + "/ns/net");
      if (asked.hostNetwork()) {
        assertEquals(Optional.empty(), s.netnsPath());
        assertEquals(List.of(), s.cniHostInterfaces());
        assertEquals(List.of(), s.cniPodInterfaces());
        assertEquals(inode(Path.of("/proc/self/ns/net")), inode(procNet), "in the host netns");
        continue;
      }
      Path netns = s.netnsPath().orElseThrow();
      netnsFiles.add(netns);
      assertEquals(netnsDir, netns.getParent());
      assertTrue(Files.exists(netns), netns + " exists");
      assertEquals(inode(procNet), inode(netns), netns + " is the pause process's netns");
      assertNotEquals(inode(Path.of("/proc/self/ns/net")), inode(netns), "not the host netns");
      assertHostVethPairsWithPodEth0(s.cniHostInterfaces(), netns);
      assertEquals(List.of("eth0", "lo"), s.cniPodInterfaces(), "the CNI result's pod side");
    }
    assertEquals(2, netnsFiles.stream().distinct().count(), "one netns per pod");

    for (String id : created.keySet()) {
      lifecycle.remove(id);
    }
    try (PodSandboxes pods = pods(counters)) {
      List<String> left = pods.listAll().stream().map(Sandbox::id).toList();
      for (String id : created.keySet()) {
        assertFalse(left.contains(id), id + " removed");
      }
    }
    for (Path netns : netnsFiles) {
      assertFalse(Files.exists(netns), netns + " removed with its sandbox");
    }
  }

  /**
   * The CNI result names the host side: one of its interfaces exists in the host, is a veth, and
   * its peer is the pod's eth0 (the veth's iflink is eth0's ifindex in the pod's netns).
   */
  private static void assertHostVethPairsWithPodEth0(List<String> hostIfs, Path netns)
      throws Exception {
    assertFalse(hostIfs.isEmpty(), "CNI result names host interfaces");
    for (String name : hostIfs) {
      assertTrue(Files.isDirectory(Path.of("/sys/class/net", name)), name + " exists in the host");
    }
    int[] eth0 = podEth0(netns);
    List<String> peers =
        hostIfs.stream()
            .filter(n -> readInt(Path.of("/sys/class/net", n, "ifindex")) == eth0[1])
            .toList();
    assertEquals(1, peers.size(), "exactly one of " + hostIfs + " is eth0's peer");
    assertEquals(
        eth0[0], readInt(Path.of("/sys/class/net", peers.get(0), "iflink")), "veth peer link");
  }

  /** {ifindex, peer ifindex} of eth0 inside the netns, from "2: eth0@if7: ...". */
  private static int[] podEth0(Path netns) throws Exception {
    Process p =
        new ProcessBuilder("nsenter", "--net=" + netns, "ip", "-o", "link", "show", "eth0")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "nsenter ip link: " + out);
    Matcher m = Pattern.compile("^(\\d+): eth0@if(\\d+):").matcher(out);
    assertTrue(m.find(), "eth0 is a veth end: " + out);
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  private static String cmdline(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
    return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
  }

  private static String inode(Path nsFile) throws IOException {
    return Files.getAttribute(nsFile, "unix:dev") + ":" + Files.getAttribute(nsFile, "unix:ino");
  }

  private static int readInt(Path p) {
    try {
      return Integer.parseInt(Files.readString(p).strip());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
