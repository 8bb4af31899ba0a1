package dev.cnimetrics.testkit.podctl;

import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.CriStats;
import dev.cnimetrics.cri.PodSandboxes;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.config.PathRules;
import dev.cnimetrics.cri.info.VerboseInfoParser;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import dev.cnimetrics.testkit.cri.PodRequest;
import dev.cnimetrics.testkit.cri.SandboxLifecycle;
import dev.cnimetrics.testkit.cri.TestNodeEnv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pod sandboxes on a test node, from the shell ({@code scripts/e2e/node.sh} calls it):
 *
 * <pre>
 * podctl [--endpoint unix:///path.sock] [--netns-dir DIR] run NAME NAMESPACE [--host-network]
 * podctl [...] rm SANDBOX_ID | rm-all | list
 * podctl [...] capture SANDBOX_ID PREFIX
 * </pre>
 *
 * {@code capture} records a sandbox's verbose PodSandboxStatus as test fixtures: {@code
 * PREFIX.json} is the runtime's "info" value byte for byte, {@code PREFIX.status.txtpb} the status
 * in protobuf text format (the fields this project's CRI subset knows), headed by the runtime's
 * name and version.
 *
 * <p>The endpoint and netns directory default to $CNI_METRICS_CRI_ENDPOINT and
 * $CNI_METRICS_NETNS_DIR. Exit status: 0 done, 1 the runtime failed, 2 bad usage.
 */
public final class PodCtl {
  static final String USAGE =
      "usage: podctl [--endpoint unix:///path.sock] [--netns-dir DIR]"
          + " run NAME NAMESPACE [--host-network] | rm SANDBOX_ID | rm-all | list"
          + " | capture SANDBOX_ID PREFIX";

  private PodCtl() {}

  public static void main(String[] args) {
    // Netty warns that unix socket channels ignore gRPC's SO_KEEPALIVE: true and harmless, and
    // noise in a tool whose output scripts read.
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap", "error");
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String endpoint = System.getenv(TestNodeEnv.ENDPOINT_VAR);
    String netnsDir = System.getenv(TestNodeEnv.NETNS_DIR_VAR);
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--endpoint") || args[i].equals("--netns-dir")) && i + 1 < args.length) {
        if (args[i].equals("--endpoint")) {
          endpoint = args[++i];
        } else {
          netnsDir = args[++i];
        }
      } else {
        rest.add(args[i]);
      }
    }
    Optional<CriEndpoint> parsed = CriEndpoint.parse(endpoint);
    if (parsed.isEmpty()) {
      err.println(
          "podctl: --endpoint: expected unix:///<absolute socket path>, auto or none, found \""
              + endpoint
              + "\"");
      return 2;
    }
    if (netnsDir != null && (!PathRules.isAbsoluteNormalized(netnsDir) || netnsDir.equals("/"))) {
      err.println(
          "podctl: --netns-dir: expected an absolute, normalized directory other than /, found \""
              + netnsDir
              + "\"");
      return 2;
    }
    CriConfig config =
        CriConfig.of(
            parsed.get(),
            netnsDir == null ? CriConfig.DEFAULT_NETNS_DIR : Path.of(netnsDir),
            CriConfig.DEFAULT_CALL_TIMEOUT);
    if (!config.enabled() || rest.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    try (PodSandboxes pods = PodSandboxes.open(config, CriStats.NONE)) {
      return command(rest, pods, out, err);
    } catch (CriException e) {
      err.println("podctl: " + e.getMessage());
      return 1;
    }
  }

  private static int command(List<String> a, PodSandboxes pods, PrintStream out, PrintStream err)
      throws CriException {
    String cmd = a.get(0);
    if (cmd.equals("list") && a.size() == 1) {
      for (Sandbox s : pods.listAll()) {
        out.println(line(s));
      }
      return 0;
    }
    boolean run =
        cmd.equals("run")
            && (a.size() == 3 || (a.size() == 4 && a.get(3).equals("--host-network")));
    boolean rm = cmd.equals("rm") && a.size() == 2;
    boolean rmAll = cmd.equals("rm-all") && a.size() == 1;
    boolean capture = cmd.equals("capture") && a.size() == 3;
    if (!run && !rm && !rmAll && !capture) {
      err.println(USAGE);
      return 2;
    }
    Path socket = pods.socket();
    try (SandboxLifecycle life = new SandboxLifecycle(socket)) {
      if (run) {
        out.println(life.run(PodRequest.of(a.get(1), a.get(2), a.size() == 4)));
      } else if (rm) {
        life.remove(a.get(1));
      } else if (capture) {
        return capture(life.verboseStatus(a.get(1)), pods.runtimeVersion(), a.get(2), out, err);
      } else {
        out.println("removed " + life.removeAll() + " sandboxes");
      }
    }
    return 0;
  }

  private static int capture(
      PodSandboxStatusResponse response,
      String runtime,
      String prefix,
      PrintStream out,
      PrintStream err) {
    String info = response.getInfoMap().get(VerboseInfoParser.INFO_KEY);
    if (info == null) {
      err.println(
          "podctl: capture: expected an \""
              + VerboseInfoParser.INFO_KEY
              + "\" entry in the verbose status; found keys "
              + response.getInfoMap().keySet());
      return 1;
    }
    Path json = Path.of(prefix + ".json");
    Path status = Path.of(prefix + ".status.txtpb");
    try {
      Files.writeString(json, info);
      Files.writeString(
          status,
          "# PodSandboxStatus from "
              + runtime
              + ", recorded by podctl capture (the runtime's info is in the .json beside it).\n"
              + StatusText.of(response.getStatus()));
    } catch (IOException e) {
      err.println("podctl: capture: cannot write " + prefix + ".*: " + e.getMessage());
      return 1;
    }
    out.println(json);
    out.println(status);
    return 0;
  }

  /**
   * Tab-separated: id, namespace/name, uid, state, network, netns, pid, host interfaces, problem.
   */
  static String line(Sandbox s) {
    return String.join(
        "\t",
        s.id(),
        s.podRef(),
        s.uid(),
        s.state().name(),
        s.hostNetwork() ? "host" : "pod",
        s.netnsPath().map(Path::toString).orElse("-"),
        s.pausePid().isPresent() ? Long.toString(s.pausePid().getAsLong()) : "-",
        s.cniHostInterfaces().isEmpty() ? "-" : String.join(",", s.cniHostInterfaces()),
        s.problem().map(r -> r.label()).orElse("-"));
  }
}
