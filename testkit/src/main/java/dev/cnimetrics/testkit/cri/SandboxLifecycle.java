package dev.cnimetrics.testkit.cri;

import dev.cnimetrics.cri.CriErrorReason;
import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.client.CriClient;
import dev.cnimetrics.cri.v1.LinuxPodSandboxConfig;
import dev.cnimetrics.cri.v1.LinuxSandboxSecurityContext;
import dev.cnimetrics.cri.v1.NamespaceMode;
import dev.cnimetrics.cri.v1.NamespaceOption;
import dev.cnimetrics.cri.v1.PodSandbox;
import dev.cnimetrics.cri.v1.PodSandboxConfig;
import dev.cnimetrics.cri.v1.PodSandboxMetadata;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import dev.cnimetrics.cri.v1.RemovePodSandboxRequest;
import dev.cnimetrics.cri.v1.RunPodSandboxRequest;
import dev.cnimetrics.cri.v1.StopPodSandboxRequest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Creates and removes pod sandboxes on a test node, the way kubelet does (RunPodSandbox;
 * StopPodSandbox then RemovePodSandbox). For tests, the local demo node and other modules'
 * end-to-end tests; the agent never calls it.
 */
public final class SandboxLifecycle implements AutoCloseable {
  /** Label on every sandbox made here, so a person can tell them from real pods. */
  public static final String CREATED_BY_LABEL = "cni-metrics.dev/created-by";

  /**
   * Reads are quick; creating a sandbox pulls no image here but runs runc and the CNI plugins and
   * can take seconds: changes get their own, longer deadline.
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);

  private final CriClient client;

  public SandboxLifecycle(Path socket) {
    this.client = new CriClient(socket, READ_TIMEOUT);
  }

  /** Creates a READY sandbox and returns its id. */
  public String run(PodRequest pod) throws CriException {
    NamespaceMode network = pod.hostNetwork() ? NamespaceMode.NODE : NamespaceMode.POD;
    PodSandboxConfig config =
        PodSandboxConfig.newBuilder()
            .setMetadata(
                PodSandboxMetadata.newBuilder()
                    .setName(pod.name())
                    .setNamespace(pod.namespace())
                    .setUid(pod.uid()))
            .setHostname(pod.hostNetwork() ? "" : hostname(pod.name()))
            .putLabels(CREATED_BY_LABEL, "cni-metrics")
            .setLinux(
                LinuxPodSandboxConfig.newBuilder()
                    .setSecurityContext(
                        LinuxSandboxSecurityContext.newBuilder()
                            .setNamespaceOptions(
                                NamespaceOption.newBuilder()
                                    .setNetwork(network)
                                    .setPid(NamespaceMode.CONTAINER)
                                    .setIpc(NamespaceMode.POD))))
            .build();
    RunPodSandboxRequest req = RunPodSandboxRequest.newBuilder().setConfig(config).build();
    return client.call(
        "RunPodSandbox", "", CHANGE_TIMEOUT, s -> s.runPodSandbox(req).getPodSandboxId());
  }

  /** Stops and removes a sandbox; a sandbox that is already gone is not an error. */
  public void remove(String sandboxId) throws CriException {
    try {
      client.call(
          "StopPodSandbox",
          sandboxId,
          CHANGE_TIMEOUT,
          s ->
              s.stopPodSandbox(
                  StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
      client.call(
          "RemovePodSandbox",
          sandboxId,
          CHANGE_TIMEOUT,
          s ->
              s.removePodSandbox(
                  RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    } catch (CriException e) {
      if (e.reason() != CriErrorReason.SANDBOX_GONE) {
        throw e;
      }
    }
  }

  /** Removes every sandbox the runtime has; returns how many there were. */
  public int removeAll() throws CriException {
    int n = 0;
    for (PodSandbox s : client.listPodSandbox(false)) {
      remove(s.getId());
      n++;
    }
    return n;
  }

  /** The verbose status of one sandbox, exactly as the runtime sent it. */
  public PodSandboxStatusResponse verboseStatus(String sandboxId) throws CriException {
    return client.podSandboxStatus(sandboxId);
  }

  /** RFC 1123 label: at most 63 characters. */
  private static String hostname(String name) {
    return name.length() <= 63 ? name : name.substring(0, 63);
  }

  @Override
  public void close() {
    client.close();
  }
}
