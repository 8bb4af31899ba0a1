package dev.cnimetrics.cri.bench;

import dev.cnimetrics.cri.CriStats;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.fake.FakeRuntime;
import dev.cnimetrics.cri.fake.Sandboxes;
import dev.cnimetrics.cri.fake.UnixGrpcServer;
import dev.cnimetrics.cri.info.InfoFixtures;
import dev.cnimetrics.cri.info.VerboseInfoParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one agent cycle's CRI part costs. Run (after {@code mvn -pl testkit -am install}, whose
 * podctl jar holds cri and its dependencies):
 *
 * <pre>
 * java -cp testkit/target/cni-metrics-podctl.jar:cri/target/test-classes \
 *     dev.cnimetrics.cri.bench.ListBench [unix:///path/to/real/containerd.sock NETNS_DIR]
 * </pre>
 *
 * Without arguments: PodSandboxes.list() of 200 sandboxes against the FakeRuntime on a unix socket
 * (each with the verbose info recorded from containerd 1.6, ~4 KB), and the info parser alone. With
 * an endpoint: list() against that real runtime, whatever pods it has.
 */
public final class ListBench {
  private static final int SANDBOXES = 200;

  private ListBench() {}

  public static void main(String[] args) throws Exception {
    String info = InfoFixtures.info("containerd-1.6-pod");
    Map<String, String> infoMap = Map.of("info", info);
    int parses = 20_000;
    for (int i = 0; i < parses; i++) {
      VerboseInfoParser.parse(infoMap);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < parses; i++) {
      VerboseInfoParser.parse(infoMap);
    }
    print("cri_verbose_info_parse_containerd16", (System.nanoTime() - t0) / 1e3 / parses, "us");

    if (args.length == 2) {
      CriConfig real =
          new CriConfig(
              CriEndpoint.parse(args[0]).orElseThrow(),
              List.of(),
              Path.of(args[1]),
              Duration.ofSeconds(5));
      try (PodSandboxes pods = PodSandboxes.open(real, CriStats.NONE)) {
        int n = pods.list().size();
        print("cri_list_real_runtime_" + n + "_sandboxes", timeList(pods, 50), "ms");
      }
      return;
    }
    Path dir = Files.createTempDirectory("cnmcri-bench");
    Path socket = dir.resolve("cri.sock");
    FakeRuntime runtime = new FakeRuntime();
    for (int i = 0; i < SANDBOXES; i++) {
      runtime.add(
          Sandboxes.status(
              "sandbox-" + i, "bench", "pod-" + i, "uid-" + i, true, false, 1L + i, info));
    }
    UnixGrpcServer server = new UnixGrpcServer(socket, runtime.bindService());
    CriConfig fake =
        new CriConfig(
            new CriEndpoint.Unix(socket),
            List.of(),
            CriConfig.DEFAULT_NETNS_DIR,
            Duration.ofSeconds(5));
    try (PodSandboxes pods = PodSandboxes.open(fake, CriStats.NONE)) {
      print("cri_list_fake_runtime_" + SANDBOXES + "_sandboxes", timeList(pods, 100), "ms");
    } finally {
      server.close();
      Files.deleteIfExists(socket);
      Files.delete(dir);
    }
  }

  private static double timeList(PodSandboxes pods, int rounds) throws Exception {
    for (int i = 0; i < rounds; i++) {
      pods.list();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      pods.list();
    }
    return (System.nanoTime() - t0) / 1e6 / rounds;
  }

  private static void print(String figure, double value, String unit) {
    System.out.printf("BENCH|%s|%.1f|%s|-|-%n", figure, value, unit);
  }
}
