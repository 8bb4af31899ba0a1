package dev.cnimetrics.cri.fake;

import dev.cnimetrics.cri.v1.LinuxPodSandboxStatus;
import dev.cnimetrics.cri.v1.Namespace;
import dev.cnimetrics.cri.v1.NamespaceMode;
import dev.cnimetrics.cri.v1.NamespaceOption;
import dev.cnimetrics.cri.v1.PodSandboxMetadata;
import dev.cnimetrics.cri.v1.PodSandboxState;
import dev.cnimetrics.cri.v1.PodSandboxStatus;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;

/** Builds the verbose PodSandboxStatus responses a runtime sends. */
public final class Sandboxes {
  private Sandboxes() {}

  public static PodSandboxStatusResponse status(
      String id,
      String namespace,
      String name,
      String uid,
      boolean ready,
      boolean hostNetwork,
      long createdAtNanos,
      String infoJson) {
    PodSandboxStatusResponse.Builder b =
        PodSandboxStatusResponse.newBuilder()
            .setStatus(
                PodSandboxStatus.newBuilder()
                    .setId(id)
                    .setMetadata(
                        PodSandboxMetadata.newBuilder()
                            .setName(name)
                            .setNamespace(namespace)
                            .setUid(uid))
                    .setState(
                        ready ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY)
                    .setCreatedAt(createdAtNanos)
                    .setLinux(
                        LinuxPodSandboxStatus.newBuilder()
                            .setNamespaces(
                                Namespace.newBuilder()
                                    .setOptions(
                                        NamespaceOption.newBuilder()
                                            .setNetwork(
                                                hostNetwork
                                                    ? NamespaceMode.NODE
                                                    : NamespaceMode.POD)
                                            .setPid(NamespaceMode.CONTAINER)))));
    if (infoJson != null) {
      b.putInfo("info", infoJson);
    }
    return b.build();
  }
}
