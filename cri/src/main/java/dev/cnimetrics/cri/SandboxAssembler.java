package dev.cnimetrics.cri;

import dev.cnimetrics.cri.info.InfoParseException;
import dev.cnimetrics.cri.info.NetnsPolicy;
import dev.cnimetrics.cri.info.NetnsResolver;
import dev.cnimetrics.cri.info.VerboseInfo;
import dev.cnimetrics.cri.info.VerboseInfoParser;
import dev.cnimetrics.cri.v1.NamespaceMode;
import dev.cnimetrics.cri.v1.PodSandboxState;
import dev.cnimetrics.cri.v1.PodSandboxStatus;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Turns one verbose PodSandboxStatus response into a {@link Sandbox}. Pure. */
final class SandboxAssembler {
  private SandboxAssembler() {}

  /** The sandbox, and when its netns could not be resolved, the one-line reason. */
  record Assembled(Sandbox sandbox, String problemDetail) {}

  static Assembled assemble(PodSandboxStatusResponse response, NetnsPolicy policy) {
    PodSandboxStatus s = response.getStatus();
    boolean hostNetwork =
        s.getLinux().getNamespaces().getOptions().getNetwork() == NamespaceMode.NODE;
    VerboseInfo info;
    try {
      info = VerboseInfoParser.parse(response.getInfoMap());
    } catch (InfoParseException e) {
      return new Assembled(
          sandbox(
              s, hostNetwork, NetnsResolver.Result.none(), null, CriErrorReason.INFO_UNPARSABLE),
          "unparsable verbose info: " + e.getMessage());
    }
    NetnsResolver.Result netns = NetnsResolver.resolve(hostNetwork, info, policy);
    return new Assembled(
        sandbox(s, hostNetwork, netns, info, netns.problem().orElse(null)), netns.detail());
  }

  private static Sandbox sandbox(
      PodSandboxStatus s,
      boolean hostNetwork,
      NetnsResolver.Result netns,
      VerboseInfo info,
      CriErrorReason problem) {
    return new Sandbox(
        s.getId(),
        s.getMetadata().getName(),
        s.getMetadata().getNamespace(),
        s.getMetadata().getUid(),
        s.getState() == PodSandboxState.SANDBOX_READY ? SandboxState.READY : SandboxState.NOT_READY,
        Instant.EPOCH.plusNanos(s.getCreatedAt()),
        hostNetwork,
        netns.path(),
        info == null ? OptionalLong.empty() : info.pid(),
        info == null ? List.of() : info.cniHostInterfaces(),
        info == null ? List.of() : info.cniPodInterfaces(),
        Optional.ofNullable(problem));
  }
}
