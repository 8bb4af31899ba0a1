package dev.cnimetrics.cri.client;

import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.v1.ListPodSandboxRequest;
import dev.cnimetrics.cri.v1.PodSandbox;
import dev.cnimetrics.cri.v1.PodSandboxFilter;
import dev.cnimetrics.cri.v1.PodSandboxState;
import dev.cnimetrics.cri.v1.PodSandboxStateValue;
import dev.cnimetrics.cri.v1.PodSandboxStatusRequest;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import dev.cnimetrics.cri.v1.RuntimeServiceGrpc;
import dev.cnimetrics.cri.v1.VersionRequest;
import dev.cnimetrics.cri.v1.VersionResponse;
import io.grpc.CallOptions;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.lite.ProtoLiteUtils;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * CRI runtime.v1 RuntimeService over a unix socket. Every call carries a deadline; every failure
 * becomes a {@link CriException} with a one-line message ({@link RpcFailures}).
 */
public final class CriClient implements AutoCloseable {
  /** kubelet's own limit; a node with hundreds of pods lists well above gRPC's 4 MiB default. */
  private static final int MAX_MESSAGE_BYTES = 16 << 20;

  /**
   * runtime.v1alpha2 Version, asked only to name a runtime that does not serve runtime.v1. Its
   * request and response have the same fields and numbers as in runtime.v1.
   */
  private static final MethodDescriptor<VersionRequest, VersionResponse> V1ALPHA2_VERSION =
      MethodDescriptor.<VersionRequest, VersionResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(
              MethodDescriptor.generateFullMethodName("runtime.v1alpha2.RuntimeService", "Version"))
          .setRequestMarshaller(ProtoLiteUtils.marshaller(VersionRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoLiteUtils.marshaller(VersionResponse.getDefaultInstance()))
          .build();

  private final Path socket;
  private final Duration timeout;
  private final SocketProbe probe;
  private final EventLoopGroup eventLoop;
  private final ManagedChannel channel;
  private final RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

  public CriClient(Path socket, Duration timeout) {
    this(socket, timeout, SocketProbe.FILESYSTEM);
  }

  CriClient(Path socket, Duration timeout, SocketProbe probe) {
    this.socket = socket;
    this.timeout = timeout;
    this.probe = probe;
    // One event loop and no executor pool for the one CRI connection. gRPC's default Netty group
    // holds two event loops per CPU, each with its own epoll, eventfd, timerfd and 48 KiB events
    // array, and its default executor is a thread pool for call callbacks. The blocking unary
    // calls below run their callbacks on the calling thread; directExecutor runs what is left
    // (channel state changes) on the event loop, and none of it blocks.
    this.eventLoop =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("cri-event-loop", true), EpollIoHandler.newFactory());
    this.channel =
        NettyChannelBuilder.forAddress(
                new DomainSocketAddress(socket.toString()), InsecureChannelCredentials.create())
            .eventLoopGroup(eventLoop)
            .channelType(EpollDomainSocketChannel.class)
            .directExecutor()
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .userAgent("cni-metrics")
            .build();
    this.stub = RuntimeServiceGrpc.newBlockingStub(channel);
  }

  public Path socket() {
    return socket;
  }

  public VersionResponse version() throws CriException {
    return call(
        "Version",
        "",
        timeout,
        s -> s.version(VersionRequest.newBuilder().setVersion("v1").build()));
  }

  /** All sandboxes, or only READY ones (filtered by the runtime). */
  public List<PodSandbox> listPodSandbox(boolean readyOnly) throws CriException {
    ListPodSandboxRequest.Builder req = ListPodSandboxRequest.newBuilder();
    if (readyOnly) {
      req.setFilter(
          PodSandboxFilter.newBuilder()
              .setState(PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_READY)));
    }
    return call("ListPodSandbox", "", timeout, s -> s.listPodSandbox(req.build()).getItemsList());
  }

  /** Verbose status, with the runtime's "info" map. */
  public PodSandboxStatusResponse podSandboxStatus(String sandboxId) throws CriException {
    return call(
        "PodSandboxStatus",
        sandboxId,
        timeout,
        s ->
            s.podSandboxStatus(
                PodSandboxStatusRequest.newBuilder()
                    .setPodSandboxId(sandboxId)
                    .setVerbose(true)
                    .build()));
  }

  /**
   * One RuntimeService call on this client's channel within {@code deadline}; a failure becomes the
   * same one-line {@link CriException} as for the calls above. The agent only reads; this is how
   * the test kit makes and removes sandboxes without a second channel set-up.
   *
   * @param method the RPC's name, for the message
   * @param sandboxId the sandbox the call is about ("" for none): NOT_FOUND then means it is gone
   */
  public <T> T call(
      String method,
      String sandboxId,
      Duration deadline,
      Function<RuntimeServiceGrpc.RuntimeServiceBlockingStub, T> rpc)
      throws CriException {
    try {
      return rpc.apply(stub(deadline));
    } catch (StatusRuntimeException e) {
      throw translate(e, method, sandboxId, deadline);
    }
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
    return stub(timeout);
  }

  private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub(Duration deadline) {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private CriException translate(
      StatusRuntimeException e, String method, String sandboxId, Duration deadline) {
    io.grpc.Status status = e.getStatus();
    return switch (status.getCode()) {
      case UNAVAILABLE -> RpcFailures.unavailable(socket, probe.probe(socket), causeText(e));
      case DEADLINE_EXCEEDED -> RpcFailures.deadline(method, socket, deadline);
      case UNIMPLEMENTED -> RpcFailures.unimplemented(method, socket, runtimeIdentity());
      case NOT_FOUND ->
          sandboxId.isEmpty()
              ? RpcFailures.other(method, socket, "NOT_FOUND", status.getDescription())
              : RpcFailures.sandboxGone(method, socket, sandboxId);
      default ->
          RpcFailures.other(method, socket, status.getCode().name(), status.getDescription());
    };
  }

  /** "containerd 1.5.18, CRI API v1alpha2", from runtime.v1 Version or else v1alpha2 Version. */
  private String runtimeIdentity() {
    VersionRequest req = VersionRequest.newBuilder().setVersion("v1").build();
    try {
      return describe(stub().version(req));
    } catch (StatusRuntimeException v1) {
      try {
        return describe(
            ClientCalls.blockingUnaryCall(
                channel,
                V1ALPHA2_VERSION,
                CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS),
                req.toBuilder().setVersion("v1alpha2").build()));
      } catch (StatusRuntimeException v1alpha2) {
        return "runtime unknown: Version answers "
            + v1.getStatus().getCode()
            + " on runtime.v1 and "
            + v1alpha2.getStatus().getCode()
            + " on runtime.v1alpha2";
      }
    }
  }

  private static String describe(VersionResponse v) {
    return v.getRuntimeName()
        + " "
        + v.getRuntimeVersion()
        + ", CRI API "
        + v.getRuntimeApiVersion();
  }

  /** The cause chain's messages: netty puts the errno text ("Permission denied") there. */
  private static String causeText(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        sb.append(sb.length() == 0 ? "" : ": ").append(t.getMessage());
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
