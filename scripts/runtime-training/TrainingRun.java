import com.sun.net.httpserver.HttpServer;
import dev.cnimetrics.cri.v1.ListPodSandboxRequest;
import dev.cnimetrics.cri.v1.ListPodSandboxResponse;
import dev.cnimetrics.cri.v1.PodSandbox;
import dev.cnimetrics.cri.v1.PodSandboxMetadata;
import dev.cnimetrics.cri.v1.PodSandboxState;
import dev.cnimetrics.cri.v1.PodSandboxStatus;
import dev.cnimetrics.cri.v1.PodSandboxStatusRequest;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import dev.cnimetrics.cri.v1.RuntimeServiceGrpc;
import dev.cnimetrics.cri.v1.VersionRequest;
import dev.cnimetrics.cri.v1.VersionResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's AppCDS training run (scripts/runtime.sh build agent), where no container runtime
 * and no ipamd exist (a Docker build stage, CI). Run from source against the agent jar:
 *
 * <pre>
 * java -cp APP_JAR TrainingRun.java WORK_DIR AGENT_COMMAND...
 * </pre>
 *
 * It serves, on loopback only, the two things the agent reads every refresh: a CRI runtime.v1
 * RuntimeService on WORK_DIR/cri.sock (two READY sandboxes whose verbose info names this
 * process's own network namespace) and an ipamd /metrics page. It then runs AGENT_COMMAND as a
 * daemon with the endpoints appended, waits for /readyz, lets it refresh and scrapes /metrics and
 * /v1/report as Prometheus and the aggregator do, and stops it with SIGTERM: the classes of a
 * steady refresh are the ones the JVM archives at exit. Exit 1 with the agent's output when any
 * step fails.
 */
public final class TrainingRun {
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private static final int SCRAPES = 3;

  private static final String IPAMD_METRICS =
      String.join(
          "\n",
          "# HELP awscni_assigned_ip_addresses The number of IP addresses assigned to pods",
          "# TYPE awscni_assigned_ip_addresses gauge",
          "awscni_assigned_ip_addresses 2",
          "# HELP awscni_total_ip_addresses The total number of IP addresses",
          "# TYPE awscni_total_ip_addresses gauge",
          "awscni_total_ip_addresses 29",
          "# HELP awscni_eni_allocated The number of ENIs allocated",
          "# TYPE awscni_eni_allocated gauge",
          "awscni_eni_allocated 1",
          "# HELP awscni_ipamd_action_inprogress The number of ipamd actions in progress",
          "# TYPE awscni_ipamd_action_inprogress gauge",
          "awscni_ipamd_action_inprogress{fn=\"increaseDatastorePool\"} 0",
          "# HELP awscni_add_ip_req_count The number of add IP address requests",
          "# TYPE awscni_add_ip_req_count counter",
          "awscni_add_ip_req_count 7",
          "# HELP awscni_aws_api_latency_ms AWS API call latency in ms",
          "# TYPE awscni_aws_api_latency_ms summary",
          "awscni_aws_api_latency_ms_sum{api=\"DescribeInstances\",error=\"false\",status=\"200\"} 40",
          "awscni_aws_api_latency_ms_count{api=\"DescribeInstances\",error=\"false\",status=\"200\"} 2",
          "");

  private TrainingRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: TrainingRun WORK_DIR AGENT_COMMAND...");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    Path socket = work.resolve("cri.sock");
    Path agentOut = work.resolve("agent.out");
    Files.deleteIfExists(socket);
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Server cri =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(loop)
            .workerEventLoopGroup(loop)
            .addService(new TrainingRuntime())
            .build()
            .start();
    HttpServer ipamd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] page = IPAMD_METRICS.getBytes(StandardCharsets.UTF_8);
    ipamd.createContext(
        "/metrics",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    ipamd.start();
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(args).subList(1, args.length));
    command.addAll(
        List.of(
            "--cri-endpoint=unix://" + socket,
            "--ipamd-url=http://127.0.0.1:" + ipamd.getAddress().getPort() + "/metrics",
            "--listen=127.0.0.1:" + port,
            "--refresh-interval=1s"));
    Process agent =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(agentOut.toFile())
            .start();
    int rc = 1;
    try {
      train(agent, "http://127.0.0.1:" + port);
      agent.destroy();
      if (!agent.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the agent did not stop within 60 s of SIGTERM");
      }
      rc = 0;
    } catch (Exception e) {
      System.err.println("TrainingRun: " + e.getMessage());
      System.err.println(Files.readString(agentOut));
    } finally {
      agent.destroyForcibly();
      ipamd.stop(0);
      cri.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
      Files.deleteIfExists(socket);
    }
    System.exit(rc);
  }

  private static void train(Process agent, String base) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (status(http, base + "/readyz") != 200) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited with " + agent.exitValue());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the agent was not ready within " + READY_WITHIN);
      }
      Thread.sleep(200);
    }
    for (int i = 0; i < SCRAPES; i++) {
      Thread.sleep(1200);
      String metrics = get(http, base + "/metrics");
      if (!metrics.contains("pod_interface_shim")) {
        throw new IllegalStateException("/metrics has no pod_interface_shim series:\n" + metrics);
      }
      get(http, base + "/v1/report");
    }
  }

  private static int status(HttpClient http, String url) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + ": HTTP " + r.statusCode() + "\n" + r.body());
    }
    return r.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A runtime with two pod-network sandboxes living in this process's network namespace. */
  static final class TrainingRuntime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private static final List<String> IDS = List.of("training-sandbox-a", "training-sandbox-b");

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
      out.onNext(
          VersionResponse.newBuilder()
              .setVersion("0.1.0")
              .setRuntimeName("training")
              .setRuntimeVersion("1.0")
              .setRuntimeApiVersion("v1")
              .build());
      out.onCompleted();
    }

    @Override
    public void listPodSandbox(
        ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> out) {
      ListPodSandboxResponse.Builder r = ListPodSandboxResponse.newBuilder();
      for (String id : IDS) {
        r.addItems(
            PodSandbox.newBuilder()
                .setId(id)
                .setMetadata(metadata(id))
                .setState(PodSandboxState.SANDBOX_READY)
                .setCreatedAt(1));
      }
      out.onNext(r.build());
      out.onCompleted();
    }

    @Override
    public void podSandboxStatus(
        PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> out) {
      String id = request.getPodSandboxId();
      long pid = ProcessHandle.current().pid();
      String info =
          "{\"pid\":"
              + pid
              + ",\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"network\",\"path\":\"/proc/"
              + pid
              + "/ns/net\"}]}},\"cniResult\":{\"Interfaces\":{\"eth0\":{\"Sandbox\":\"/proc/"
              + pid
              + "/ns/net\"},\"veth-"
              + id.charAt(id.length() - 1)
              + "\":{}}}}";
      out.onNext(
          PodSandboxStatusResponse.newBuilder()
              .setStatus(
                  PodSandboxStatus.newBuilder()
                      .setId(id)
                      .setMetadata(metadata(id))
                      .setState(PodSandboxState.SANDBOX_READY)
                      .setCreatedAt(1))
              .putInfo("info", info)
              .build());
      out.onCompleted();
    }

    private static PodSandboxMetadata metadata(String id) {
      return PodSandboxMetadata.newBuilder()
          .setName(id)
          .setNamespace("training")
          .setUid(id + "-uid")
          .build();
    }
  }
}
