package dev.cnimetrics.cri;

import dev.cnimetrics.cri.client.CriClient;
import dev.cnimetrics.cri.client.SocketProbe;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.info.NetnsPolicy;
import dev.cnimetrics.cri.v1.PodSandbox;
import dev.cnimetrics.cri.v1.VersionResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pod sandboxes, read over CRI: ListPodSandbox, then a verbose PodSandboxStatus per
 * sandbox.
 *
 * <p>Failures of the runtime as a whole (socket, permission, UNIMPLEMENTED, deadline) are counted
 * and thrown as {@link CriException}; the caller logs the one-line message and tries again next
 * cycle. Failures of one sandbox are counted and do not fail the list: a sandbox removed between
 * list and status is skipped (DEBUG, normal churn); a sandbox whose netns cannot be resolved is
 * returned with {@link Sandbox#problem()} set and logged at WARN once per sandbox.
 */
public final class PodSandboxes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodSandboxes.class);

  /**
   * Failures that say the runtime as a whole is unusable: asking about more sandboxes won't help.
   */
  private static final Set<CriErrorReason> RUNTIME_WIDE =
      EnumSet.of(
          CriErrorReason.SOCKET_MISSING,
          CriErrorReason.NOT_A_SOCKET,
          CriErrorReason.PERMISSION_DENIED,
          CriErrorReason.UNAVAILABLE,
          CriErrorReason.UNIMPLEMENTED,
          CriErrorReason.DEADLINE_EXCEEDED);

  private final CriConfig config;
  private final CriStats stats;
  private final SocketProbe probe;
  private final NetnsPolicy policy;
  private final WarnOnce warnOnce = new WarnOnce(4096);
  private CriClient client;

  PodSandboxes(CriConfig config, CriStats stats, SocketProbe probe) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("CRI is disabled (endpoint " + CriEndpoint.NONE + ")");
    }
    this.config = config;
    this.stats = stats;
    this.probe = probe;
    this.policy = new NetnsPolicy(config.netnsDir());
  }

  /** Connects lazily: the socket may appear after the agent starts. */
  public static PodSandboxes open(CriConfig config, CriStats stats) {
    return new PodSandboxes(config, stats, SocketProbe.FILESYSTEM);
  }

  /** READY sandboxes: the ones with a live network namespace. */
  public List<Sandbox> list() throws CriException {
    return list(true, Map.of());
  }

  /**
   * READY sandboxes, asking the runtime for the status of new ones only: a listed sandbox whose id
   * is in {@code known} is returned as given. A sandbox's pod metadata, network namespace, pause
   * pid and CNI result are fixed for its life, so a node whose pods did not change costs one
   * ListPodSandbox instead of one verbose status call per pod. Pass only sandboxes without a {@link
   * Sandbox#problem()}, so that one whose info was incomplete is read again.
   */
  public List<Sandbox> list(Map<String, Sandbox> known) throws CriException {
    return list(true, known);
  }

  /** Every sandbox the runtime knows, NOT_READY ones included. */
  public List<Sandbox> listAll() throws CriException {
    return list(false, Map.of());
  }

  /** e.g. "containerd 1.6.20, CRI API v1", for the agent's start-up log line. */
  public synchronized String runtimeVersion() throws CriException {
    VersionResponse v = counted(() -> client().version());
    return v.getRuntimeName()
        + " "
        + v.getRuntimeVersion()
        + ", CRI API "
        + v.getRuntimeApiVersion();
  }

  /** The socket in use, auto-detected on first use when the endpoint is {@code auto}. */
  public synchronized Path socket() throws CriException {
    return counted(() -> client().socket());
  }

  private synchronized List<Sandbox> list(boolean readyOnly, Map<String, Sandbox> known)
      throws CriException {
    CriClient c = counted(this::client);
    List<PodSandbox> items = counted(() -> c.listPodSandbox(readyOnly));
    List<Sandbox> out = new ArrayList<>(items.size());
    for (PodSandbox item : items) {
      Sandbox seen = known.get(item.getId());
      if (seen != null) {
        out.add(seen);
        continue;
      }
      SandboxAssembler.Assembled a;
      try {
        a = SandboxAssembler.assemble(c.podSandboxStatus(item.getId()), policy);
      } catch (CriException e) {
        stats.failed(e.reason());
        if (RUNTIME_WIDE.contains(e.reason())) {
          throw e;
        }
        if (e.reason() == CriErrorReason.SANDBOX_GONE) {
          LOG.debug("event=sandbox_gone sandbox={}", item.getId());
        } else {
          warnOnce.warn(LOG, item.getId(), e.reason(), e.getMessage());
        }
        continue;
      }
      Sandbox s = a.sandbox();
      if (s.problem().isPresent()) {
        stats.failed(s.problem().get());
        warnOnce.warn(
            LOG,
            s.id(),
            s.problem().get(),
            "sandbox " + s.id() + " (" + s.podRef() + "): " + a.problemDetail());
      }
      out.add(s);
    }
    return out;
  }

  private CriClient client() throws CriException {
    if (client == null) {
      client = new CriClient(SocketDetector.resolve(config, probe), config.callTimeout());
    }
    return client;
  }

  private interface CriCall<T> {
    T call() throws CriException;
  }

  private <T> T counted(CriCall<T> call) throws CriException {
    try {
      return call.call();
    } catch (CriException e) {
      stats.failed(e.reason());
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
