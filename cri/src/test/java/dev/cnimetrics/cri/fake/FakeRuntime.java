package dev.cnimetrics.cri.fake;

import dev.cnimetrics.cri.v1.ListPodSandboxRequest;
import dev.cnimetrics.cri.v1.ListPodSandboxResponse;
import dev.cnimetrics.cri.v1.PodSandbox;
import dev.cnimetrics.cri.v1.PodSandboxConfig;
import dev.cnimetrics.cri.v1.PodSandboxStatusRequest;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import dev.cnimetrics.cri.v1.RemovePodSandboxRequest;
import dev.cnimetrics.cri.v1.RemovePodSandboxResponse;
import dev.cnimetrics.cri.v1.RunPodSandboxRequest;
import dev.cnimetrics.cri.v1.RunPodSandboxResponse;
import dev.cnimetrics.cri.v1.RuntimeServiceGrpc;
import dev.cnimetrics.cri.v1.StopPodSandboxRequest;
import dev.cnimetrics.cri.v1.StopPodSandboxResponse;
import dev.cnimetrics.cri.v1.VersionRequest;
import dev.cnimetrics.cri.v1.VersionResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test double of a CRI runtime.v1 RuntimeService (no real runtime can be made to misbehave on
 * purpose): it answers from a table of sandbox statuses and can be told to lose a sandbox between
 * list and status, or to never answer.
 */
public final class FakeRuntime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
  private final Map<String, PodSandboxStatusResponse> sandboxes = new LinkedHashMap<>();
  private final Set<String> vanishing = ConcurrentHashMap.newKeySet();
  private final List<Object> requests = new ArrayList<>();
  private volatile boolean silent;

  /** Adds a sandbox that ListPodSandbox and PodSandboxStatus report. */
  public synchronized FakeRuntime add(PodSandboxStatusResponse status) {
    sandboxes.put(status.getStatus().getId(), status);
    return this;
  }

  /** Listed, but removed before its status is asked for: PodSandboxStatus answers NOT_FOUND. */
  public synchronized FakeRuntime vanishing(PodSandboxStatusResponse status) {
    add(status);
    vanishing.add(status.getStatus().getId());
    return this;
  }

  /** From now on, accept calls and never answer them. */
  public FakeRuntime silent() {
    silent = true;
    return this;
  }

  public synchronized List<Object> requests() {
    return List.copyOf(requests);
  }

  private synchronized boolean record(Object request) {
    requests.add(request);
    return !silent;
  }

  @Override
  public void version(VersionRequest req, StreamObserver<VersionResponse> out) {
    if (record(req)) {
      reply(
          out,
          VersionResponse.newBuilder()
              .setVersion("0.1.0")
              .setRuntimeName("fakeruntime")
              .setRuntimeVersion("1.2.3")
              .setRuntimeApiVersion("v1")
              .build());
    }
  }

  @Override
  public void listPodSandbox(
      ListPodSandboxRequest req, StreamObserver<ListPodSandboxResponse> out) {
    if (!record(req)) {
      return;
    }
    ListPodSandboxResponse.Builder b = ListPodSandboxResponse.newBuilder();
    synchronized (this) {
      for (PodSandboxStatusResponse r : sandboxes.values()) {
        var s = r.getStatus();
        if (req.getFilter().hasState() && req.getFilter().getState().getState() != s.getState()) {
          continue;
        }
        b.addItems(
            PodSandbox.newBuilder()
                .setId(s.getId())
                .setMetadata(s.getMetadata())
                .setState(s.getState())
                .setCreatedAt(s.getCreatedAt()));
      }
    }
    reply(out, b.build());
  }

  @Override
  public void podSandboxStatus(
      PodSandboxStatusRequest req, StreamObserver<PodSandboxStatusResponse> out) {
    if (!record(req)) {
      return;
    }
    PodSandboxStatusResponse r;
    synchronized (this) {
      r = vanishing.contains(req.getPodSandboxId()) ? null : sandboxes.get(req.getPodSandboxId());
    }
    if (r == null) {
      // containerd's wording for an unknown sandbox
      out.onError(
          Status.NOT_FOUND
              .withDescription("an error occurred when try to find sandbox: not found")
              .asRuntimeException());
      return;
    }
    reply(out, req.getVerbose() ? r : r.toBuilder().clearInfo().build());
  }

  @Override
  public void runPodSandbox(RunPodSandboxRequest req, StreamObserver<RunPodSandboxResponse> out) {
    if (record(req)) {
      PodSandboxConfig c = req.getConfig();
      String id = "fake-" + c.getMetadata().getNamespace() + "-" + c.getMetadata().getName();
      reply(out, RunPodSandboxResponse.newBuilder().setPodSandboxId(id).build());
    }
  }

  @Override
  public void stopPodSandbox(
      StopPodSandboxRequest req, StreamObserver<StopPodSandboxResponse> out) {
    if (record(req)) {
      reply(out, StopPodSandboxResponse.getDefaultInstance());
    }
  }

  @Override
  public void removePodSandbox(
      RemovePodSandboxRequest req, StreamObserver<RemovePodSandboxResponse> out) {
    if (record(req)) {
      synchronized (this) {
        sandboxes.remove(req.getPodSandboxId());
      }
      reply(out, RemovePodSandboxResponse.getDefaultInstance());
    }
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }
}
