package dev.cnimetrics.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.fake.FakeRuntime;
import dev.cnimetrics.cri.fake.OldRuntime;
import dev.cnimetrics.cri.fake.Sandboxes;
import dev.cnimetrics.cri.fake.UnixGrpcServer;
import dev.cnimetrics.cri.info.InfoFixtures;
import dev.cnimetrics.cri.v1.ListPodSandboxRequest;
import dev.cnimetrics.cri.v1.PodSandboxState;
import dev.cnimetrics.cri.v1.PodSandboxStatusRequest;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client end to end over a real unix socket, against the {@link FakeRuntime} test double. */
class PodSandboxesTest {
  /**
   * The deadline of calls the double answers: far above its answer time even on a loaded machine (a
   * first call loads gRPC and Netty; 300 ms was missed under a load average of 12).
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The deadline of the call the double never answers. */
  private static final Duration HANG_DEADLINE = Duration.ofMillis(300);

  private static final long CREATED = 1_714_641_247_118_331_252L;

  @TempDir Path tmp;
  private final CriErrorCounters counters = new CriErrorCounters();
  private UnixGrpcServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path serve(io.grpc.ServerServiceDefinition service) throws IOException {
    Path socket = tmp.resolve("cri.sock");
    server = new UnixGrpcServer(socket, service);
    return socket;
  }

  private PodSandboxes client(Path socket) {
    return PodSandboxes.open(config(new CriEndpoint.Unix(socket), List.of()), counters);
  }

  private static CriConfig config(CriEndpoint endpoint, List<Path> autoDetect) {
    return config(endpoint, autoDetect, TIMEOUT);
  }

  private static CriConfig config(CriEndpoint endpoint, List<Path> autoDetect, Duration deadline) {
    // The recorded fixtures' netns files are under the capture node's netns directory.
    return new CriConfig(endpoint, autoDetect, InfoFixtures.CAPTURED_NETNS_DIR, deadline);
  }

  private static Map<CriErrorReason, Long> only(CriErrorReason reason, long n) {
    Map<CriErrorReason, Long> expected = new CriErrorCounters().snapshot();
    expected.put(reason, n);
    return expected;
  }

  private static final String WEB_ID =
      "3f1a0c5be2d94e7f8a61c0b2d7e4a9f1c3b5d7e9f0a2c4e6b8d0f1a3c5e7b9d1";

  private static FakeRuntime threeSandboxes() {
    return new FakeRuntime()
        .add(
            Sandboxes.status(
                WEB_ID,
                "shop",
                "web-7d9c5b8f6-x2k4q",
                "1b0e5c3a-6f2d-4e8b-9a7c-0d1e2f3a4b5c",
                true,
                false,
                CREATED,
                InfoFixtures.info("containerd-1.6-pod")))
        .add(
            Sandboxes.status(
                "8e2d",
                "kube-system",
                "kube-proxy-9xw2m",
                "6c5d4e3f-2a1b-4c0d-8e9f-7a6b5c4d3e2f",
                true,
                true,
                CREATED + 1,
                InfoFixtures.info("containerd-1.6-hostnetwork")))
        .add(
            Sandboxes.status(
                "dead", "shop", "old-0", "u-old", false, false, CREATED - 1, "{\"pid\":0}"));
  }

  @Test
  void listsReadySandboxesWithEveryField() throws Exception {
    FakeRuntime runtime = threeSandboxes();
    try (PodSandboxes pods = client(serve(runtime.bindService()))) {
      List<Sandbox> list = pods.list();
      assertEquals(
          List.of(
              new Sandbox(
                  WEB_ID,
                  "web-7d9c5b8f6-x2k4q",
                  "shop",
                  "1b0e5c3a-6f2d-4e8b-9a7c-0d1e2f3a4b5c",
                  SandboxState.READY,
                  Instant.parse("2024-05-02T09:14:07.118331252Z"),
                  false,
                  Optional.of(
                      InfoFixtures.CAPTURED_NETNS_DIR.resolve(
                          "cni-99086a50-996c-235a-d7f7-9dc66bbee127")),
                  OptionalLong.of(10382),
                  List.of("cnmcri0", "vethf7dbec37"),
                  List.of("eth0", "lo"),
                  Optional.empty()),
              new Sandbox(
                  "8e2d",
                  "kube-proxy-9xw2m",
                  "kube-system",
                  "6c5d4e3f-2a1b-4c0d-8e9f-7a6b5c4d3e2f",
                  SandboxState.READY,
                  Instant.parse("2024-05-02T09:14:07.118331253Z"),
                  true,
                  Optional.empty(),
                  OptionalLong.of(10453),
                  List.of(),
                  List.of(),
                  Optional.empty())),
          list);
      ListPodSandboxRequest sent = (ListPodSandboxRequest) runtime.requests().get(0);
      assertEquals(PodSandboxState.SANDBOX_READY, sent.getFilter().getState().getState());
      assertEquals(
          true, ((PodSandboxStatusRequest) runtime.requests().get(1)).getVerbose(), "verbose");
      assertEquals(new CriErrorCounters().snapshot(), counters.snapshot());
    }
  }

  @Test
  void knownSandboxesAreListedWithoutAskingForTheirStatusAgain() throws Exception {
    FakeRuntime runtime = threeSandboxes();
    try (PodSandboxes pods = client(serve(runtime.bindService()))) {
      List<Sandbox> first = pods.list();
      Sandbox web = first.get(0);
      Sandbox removed =
          new Sandbox(
              "removed",
              "old",
              "shop",
              "u-old",
              SandboxState.READY,
              Instant.EPOCH,
              false,
              Optional.empty(),
              OptionalLong.empty(),
              List.of(),
              List.of(),
              Optional.empty());
      int before = runtime.requests().size();

      List<Sandbox> again = pods.list(Map.of(web.id(), web, removed.id(), removed));
      assertEquals(first, again, "the removed sandbox is not listed, so not returned");
      List<Object> sent = runtime.requests().subList(before, runtime.requests().size());
      assertEquals(2, sent.size(), "ListPodSandbox and the status of 8e2d only: " + sent);
      assertEquals("8e2d", ((PodSandboxStatusRequest) sent.get(1)).getPodSandboxId());
    }
  }

  @Test
  void listAllIncludesNotReady() throws Exception {
    try (PodSandboxes pods = client(serve(threeSandboxes().bindService()))) {
      List<Sandbox> all = pods.listAll();
      assertEquals(List.of(WEB_ID, "8e2d", "dead"), all.stream().map(Sandbox::id).toList());
      Sandbox dead = all.get(2);
      assertEquals(SandboxState.NOT_READY, dead.state());
      assertEquals(Optional.of(CriErrorReason.NETNS_MISSING), dead.problem());
    }
  }

  @Test
  void sandboxGoneBetweenListAndStatusIsCountedAndSkipped() throws Exception {
    FakeRuntime runtime =
        threeSandboxes()
            .vanishing(
                Sandboxes.status("gone", "shop", "gone-0", "u-gone", true, false, CREATED, "{}"));
    try (PodSandboxes pods = client(serve(runtime.bindService()))) {
      assertEquals(List.of(WEB_ID, "8e2d"), pods.list().stream().map(Sandbox::id).toList());
      assertEquals(only(CriErrorReason.SANDBOX_GONE, 1), counters.snapshot());
      assertEquals(1, counters.count(CriErrorReason.SANDBOX_GONE));
    }
  }

  @Test
  void garbageInfoKeepsTheSandboxWithItsProblem() throws Exception {
    FakeRuntime runtime =
        new FakeRuntime()
            .add(Sandboxes.status("g1", "shop", "bad-0", "u-1", true, false, CREATED, "{garbage"))
            .add(Sandboxes.status("g2", "shop", "bad-1", "u-2", true, false, CREATED, null));
    try (PodSandboxes pods = client(serve(runtime.bindService()))) {
      List<Sandbox> list = pods.list();
      assertEquals(2, list.size());
      for (Sandbox s : list) {
        assertEquals(Optional.of(CriErrorReason.INFO_UNPARSABLE), s.problem());
        assertEquals(Optional.empty(), s.netnsPath());
        assertEquals(OptionalLong.empty(), s.pausePid());
      }
      assertEquals("bad-0", list.get(0).name());
      assertEquals(only(CriErrorReason.INFO_UNPARSABLE, 2), counters.snapshot());
      pods.list();
      assertEquals(only(CriErrorReason.INFO_UNPARSABLE, 4), counters.snapshot(), "every cycle");
    }
  }

  @Test
  void netnsOutsideTheAcceptedPlacesIsRejected() throws Exception {
    String info =
        "{\"pid\":4242,\"runtimeSpec\":{\"linux\":{\"namespaces\":"
            + "[{\"type\":\"network\",\"path\":\"/etc/passwd\"}]}}}";
    FakeRuntime runtime =
        new FakeRuntime().add(Sandboxes.status("r1", "shop", "r-0", "u", true, false, 1, info));
    try (PodSandboxes pods = client(serve(runtime.bindService()))) {
      Sandbox s = pods.list().get(0);
      assertEquals(Optional.of(CriErrorReason.NETNS_REJECTED), s.problem());
      assertEquals(Optional.empty(), s.netnsPath());
      assertEquals(OptionalLong.of(4242), s.pausePid());
      assertEquals(only(CriErrorReason.NETNS_REJECTED, 1), counters.snapshot());
    }
  }

  @Test
  void runtimeWithoutRuntimeV1IsNamed() throws Exception {
    Path socket = serve(OldRuntime.v1alpha2("containerd", "v1.5.18"));
    try (PodSandboxes pods = client(socket)) {
      CriException e = assertThrows(CriException.class, pods::list);
      assertEquals(CriErrorReason.UNIMPLEMENTED, e.reason());
      assertEquals(
          "CRI runtime on "
              + socket
              + " (containerd v1.5.18, CRI API v1alpha2) does not implement runtime.v1"
              + " ListPodSandbox: upgrade it to a version that serves CRI runtime.v1 (the API"
              + " Kubernetes 1.26+ requires)",
          e.getMessage());
      assertEquals(only(CriErrorReason.UNIMPLEMENTED, 1), counters.snapshot());
    }
  }

  @Test
  void runtimeWithNeitherVersion() throws Exception {
    Path socket = serve(io.grpc.ServerServiceDefinition.builder("other.Service").build());
    try (PodSandboxes pods = client(socket)) {
      CriException e = assertThrows(CriException.class, pods::runtimeVersion);
      assertEquals(
          "CRI runtime on "
              + socket
              + " (runtime unknown: Version answers UNIMPLEMENTED on runtime.v1 and UNIMPLEMENTED"
              + " on runtime.v1alpha2) does not implement runtime.v1 Version: upgrade it to a"
              + " version that serves CRI runtime.v1 (the API Kubernetes 1.26+ requires)",
          e.getMessage());
    }
  }

  @Test
  void aRuntimeThatNeverAnswersHitsTheDeadline() throws Exception {
    Path socket = serve(new FakeRuntime().silent().bindService());
    try (PodSandboxes pods =
        PodSandboxes.open(
            config(new CriEndpoint.Unix(socket), List.of(), HANG_DEADLINE), counters)) {
      CriException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10), () -> assertThrows(CriException.class, pods::list));
      assertEquals(CriErrorReason.DEADLINE_EXCEEDED, e.reason());
      assertEquals(
          "CRI ListPodSandbox on "
              + socket
              + " did not answer within 300ms: the runtime is overloaded or hung; raise"
              + " --cri-timeout if it is only slow",
          e.getMessage());
      assertEquals(only(CriErrorReason.DEADLINE_EXCEEDED, 1), counters.snapshot());
    }
  }

  @Test
  void missingSocket() {
    Path socket = tmp.resolve("run/containerd/containerd.sock");
    try (PodSandboxes pods = client(socket)) {
      CriException e = assertThrows(CriException.class, pods::list);
      assertEquals(CriErrorReason.SOCKET_MISSING, e.reason());
      assertEquals(
          "CRI socket "
              + socket
              + " does not exist: mount the host directory "
              + socket.getParent()
              + " into the agent at the same path (hostPath, type: Directory) or set"
              + " --cri-endpoint",
          e.getMessage());
      assertEquals(only(CriErrorReason.SOCKET_MISSING, 1), counters.snapshot());
    }
  }

  @Test
  void directoryWhereTheSocketShouldBe() throws Exception {
    Path socket = Files.createDirectories(tmp.resolve("containerd.sock"));
    try (PodSandboxes pods = client(socket)) {
      CriException e = assertThrows(CriException.class, pods::list);
      assertEquals(CriErrorReason.NOT_A_SOCKET, e.reason());
      assertEquals(
          "CRI socket "
              + socket
              + " is a directory, not a socket: mount the host directory "
              + tmp
              + " rather than the socket file (a hostPath to a file that is missing on the host"
              + " becomes an empty directory)",
          e.getMessage());
    }
  }

  @Test
  void socketWithNobodyListening() throws Exception {
    Path socket = tmp.resolve("stale.sock");
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(socket));
    }
    try (PodSandboxes pods = client(socket)) {
      CriException e = assertThrows(CriException.class, pods::list);
      assertEquals(CriErrorReason.UNAVAILABLE, e.reason());
      assertEquals(
          "CRI socket "
              + socket
              + ": connection refused: the container runtime is not running (or restarting)",
          e.getMessage());
    }
  }

  @Test
  void autoDetectTakesTheFirstSocketThatExists() throws Exception {
    Path socket = serve(threeSandboxes().bindService());
    Path missing = tmp.resolve("containerd.sock");
    CriConfig auto = config(new CriEndpoint.Auto(), List.of(missing, socket));
    try (PodSandboxes pods = PodSandboxes.open(auto, counters)) {
      assertEquals(socket, pods.socket());
      assertEquals(2, pods.list().size());
      assertEquals("fakeruntime 1.2.3, CRI API v1", pods.runtimeVersion());
    }
  }

  @Test
  void autoDetectWithoutAnySocket() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("containerd.sock"));
    Path missing = tmp.resolve("crio.sock");
    CriConfig auto = config(new CriEndpoint.Auto(), List.of(dir, missing));
    try (PodSandboxes pods = PodSandboxes.open(auto, counters)) {
      CriException e = assertThrows(CriException.class, pods::list);
      assertEquals(
          "no CRI socket found (--cri-endpoint auto): "
              + dir
              + " is a directory, "
              + missing
              + " is missing: mount the runtime's socket directory from the host ("
              + tmp
              + ") or set --cri-endpoint",
          e.getMessage());
      assertEquals(only(CriErrorReason.SOCKET_MISSING, 1), counters.snapshot());
    }
  }

  @Test
  void disabledEndpointCannotBeOpened() {
    CriConfig none = config(new CriEndpoint.Disabled(), List.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PodSandboxes.open(none, counters));
    assertEquals("CRI is disabled (endpoint none)", e.getMessage());
  }
}
