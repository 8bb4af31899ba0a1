package dev.cnimetrics.testkit.podctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.UnknownFieldSet;
import dev.cnimetrics.cri.fake.FakeRuntime;
import dev.cnimetrics.cri.fake.Sandboxes;
import dev.cnimetrics.cri.fake.UnixGrpcServer;
import dev.cnimetrics.cri.info.InfoFixtures;
import dev.cnimetrics.cri.v1.NamespaceMode;
import dev.cnimetrics.cri.v1.PodSandboxStatus;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import dev.cnimetrics.cri.v1.RemovePodSandboxRequest;
import dev.cnimetrics.cri.v1.RunPodSandboxRequest;
import dev.cnimetrics.cri.v1.StopPodSandboxRequest;
import dev.cnimetrics.testkit.cri.SandboxLifecycle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** podctl against the {@link FakeRuntime} test double on a real unix socket. */
class PodCtlTest {
  @TempDir Path tmp;
  private final FakeRuntime runtime = new FakeRuntime();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private UnixGrpcServer server;
  private Path socket;

  @BeforeEach
  void start() throws Exception {
    socket = tmp.resolve("cri.sock");
    server = new UnixGrpcServer(socket, runtime.bindService());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int podctl(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--endpoint";
    all[1] = "unix://" + socket;
    all[2] = "--netns-dir";
    all[3] = InfoFixtures.CAPTURED_NETNS_DIR.toString();
    System.arraycopy(args, 0, all, 4, args.length);
    return PodCtl.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runPrintsTheSandboxIdAndAsksForTheRightNetwork() {
    assertEquals(0, podctl("run", "web", "cnmcri-demo"));
    assertEquals(0, podctl("run", "agent", "cnmcri-demo", "--host-network"));
    assertEquals("fake-cnmcri-demo-web\nfake-cnmcri-demo-agent\n", out());
    List<RunPodSandboxRequest> runs =
        runtime.requests().stream()
            .filter(RunPodSandboxRequest.class::isInstance)
            .map(RunPodSandboxRequest.class::cast)
            .toList();
    var pod = runs.get(0).getConfig();
    assertEquals("web", pod.getMetadata().getName());
    assertEquals("cnmcri-demo", pod.getMetadata().getNamespace());
    assertEquals(36, pod.getMetadata().getUid().length(), "a UUID");
    assertEquals("web", pod.getHostname());
    assertEquals("cni-metrics", pod.getLabelsMap().get(SandboxLifecycle.CREATED_BY_LABEL));
    assertEquals(
        NamespaceMode.POD, pod.getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
    var host = runs.get(1).getConfig();
    assertEquals(
        NamespaceMode.NODE,
        host.getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
    assertEquals("", host.getHostname());
  }

  @Test
  void rmStopsThenRemoves() {
    assertEquals(0, podctl("rm", "abc"));
    assertEquals(
        List.of(
            StopPodSandboxRequest.newBuilder().setPodSandboxId("abc").build(),
            RemovePodSandboxRequest.newBuilder().setPodSandboxId("abc").build()),
        runtime.requests());
  }

  @Test
  void listAndRmAll() {
    runtime.add(
        Sandboxes.status(
            "s1",
            "shop",
            "web-0",
            "uid-1",
            true,
            false,
            1,
            InfoFixtures.info("containerd-1.6-pod")));
    runtime.add(
        Sandboxes.status(
            "s2",
            "kube-system",
            "proxy-0",
            "uid-2",
            false,
            true,
            2,
            InfoFixtures.info("containerd-1.6-hostnetwork")));
    assertEquals(0, podctl("list"));
    assertEquals(
        "s1\tshop/web-0\tuid-1\tREADY\tpod\t"
            + InfoFixtures.CAPTURED_NETNS_DIR
            + "/cni-99086a50-996c-235a-d7f7-9dc66bbee127\t10382\tcnmcri0,vethf7dbec37\t-\n"
            + "s2\tkube-system/proxy-0\tuid-2\tNOT_READY\thost\t-\t10453\t-\t-\n",
        out());
    out.reset();
    assertEquals(0, podctl("rm-all"));
    assertEquals("removed 2 sandboxes\n", out());
    out.reset();
    assertEquals(0, podctl("list"));
    assertEquals("", out());
  }

  @Test
  void captureWritesTheInfoVerbatimAndTheStatusInTextFormat() throws Exception {
    PodSandboxStatusResponse recorded = InfoFixtures.response("containerd-2.1-pod");
    // A field this project's proto does not know, as a newer runtime sends: the text format
    // could not read it back, so capture leaves it out.
    UnknownFieldSet unknown =
        UnknownFieldSet.newBuilder()
            .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
            .build();
    PodSandboxStatus withUnknown =
        PodSandboxStatus.parseFrom(
            recorded.getStatus().toByteString().concat(unknown.toByteString()));
    assertNotEquals(recorded.getStatus(), withUnknown);
    runtime.add(recorded.toBuilder().setStatus(withUnknown).build());
    String id = recorded.getStatus().getId();
    Path prefix = tmp.resolve("captured");

    assertEquals(0, podctl("capture", id, prefix.toString()));

    assertEquals(prefix + ".json\n" + prefix + ".status.txtpb\n", out());
    assertEquals(recorded.getInfoMap().get("info"), Files.readString(Path.of(prefix + ".json")));
    String text = Files.readString(Path.of(prefix + ".status.txtpb"));
    assertEquals(
        "# PodSandboxStatus from fakeruntime 1.2.3, CRI API v1, recorded by podctl capture (the"
            + " runtime's info is in the .json beside it).",
        text.lines().findFirst().orElseThrow());
    assertEquals(recorded.getStatus(), InfoFixtures.parseStatus(text));
  }

  @Test
  void captureOfAStatusWithoutInfo() {
    runtime.add(
        Sandboxes.status("s1", "shop", "web-0", "uid-1", true, false, 1, "{}").toBuilder()
            .clearInfo()
            .putInfo("other", "{}")
            .build());
    assertEquals(1, podctl("capture", "s1", tmp.resolve("x").toString()));
    assertEquals(
        "podctl: capture: expected an \"info\" entry in the verbose status; found keys [other]\n",
        err());
    assertEquals(false, Files.exists(tmp.resolve("x.json")));
  }

  @Test
  void usageErrors() {
    assertEquals(2, podctl("run", "web"));
    assertEquals(2, podctl("run", "web", "ns", "--hostnetwork"));
    assertEquals(2, podctl("frobnicate"));
    assertEquals((PodCtl.USAGE + "\n").repeat(3), err());
  }

  @Test
  void badEndpoint() {
    int rc =
        PodCtl.run(
            new String[] {"--endpoint", "tcp://x", "list"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, rc);
    assertEquals(
        // The tool's own flag (the message named the agent's --cri-endpoint before).
        "podctl: --endpoint: expected unix:///<absolute socket path>, auto or none, found"
            + " \"tcp://x\"\n",
        err());
  }

  @Test
  void runtimeFailureIsOneLineAndExitOne() {
    int rc =
        PodCtl.run(
            new String[] {"--endpoint", "unix://" + tmp.resolve("absent.sock"), "list"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, rc);
    assertEquals(
        "podctl: CRI socket "
            + tmp.resolve("absent.sock")
            + " does not exist: mount the host directory "
            + tmp
            + " into the agent at the same path (hostPath, type: Directory) or set"
            + " --cri-endpoint\n",
        err());
  }
}
