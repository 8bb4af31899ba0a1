package dev.cnimetrics.cri.info;

import dev.cnimetrics.cri.CriErrorReason;
import java.nio.file.Path;
import java.util.Optional;

/** Decides a sandbox's netns path from its verbose info. Pure. */
public final class NetnsResolver {
  private NetnsResolver() {}

  /** A path, or a problem with its one-line description; both empty for hostNetwork pods. */
  public record Result(Optional<Path> path, Optional<CriErrorReason> problem, String detail) {
    static Result ok(Path p) {
      return new Result(Optional.of(p), Optional.empty(), "");
    }

    public static Result none() {
      return new Result(Optional.empty(), Optional.empty(), "");
    }

    static Result failed(CriErrorReason reason, String detail) {
      return new Result(Optional.empty(), Optional.of(reason), detail);
    }
  }

  /**
   * Order: the runtime spec's network namespace path (containerd, cri-o), containerd 2.x's sandbox
   * metadata NetNSPath, then {@code /proc/<pid>/ns/net} when the spec has no path to give. The
   * first path found is the answer: a rejected path is not papered over with the next one.
   */
  public static Result resolve(boolean hostNetwork, VerboseInfo info, NetnsPolicy policy) {
    if (hostNetwork) {
      return Result.none();
    }
    String candidate;
    if (info.specNetnsPath().isPresent()) {
      candidate = info.specNetnsPath().get();
    } else if (info.metadataNetnsPath().isPresent()) {
      candidate = info.metadataNetnsPath().get();
    } else if (info.specNetwork() != VerboseInfo.SpecNetwork.NO_ENTRY && info.pid().isPresent()) {
      candidate = "/proc/" + info.pid().getAsLong() + "/ns/net";
    } else {
      return Result.failed(
          CriErrorReason.NETNS_MISSING,
          info.specNetwork() == VerboseInfo.SpecNetwork.NO_ENTRY
              ? "the runtime spec has no network namespace, but the pod is not hostNetwork"
              : "the runtime reported neither a netns path nor a pid");
    }
    Optional<Path> accepted = policy.accept(candidate);
    if (accepted.isEmpty()) {
      return Result.failed(
          CriErrorReason.NETNS_REJECTED,
          "netns path \""
              + candidate
              + "\" is not an absolute, normalized path at "
              + policy.describe()
              + "; set --netns-dir to the directory the runtime pins namespaces in");
    }
    return Result.ok(accepted.get());
  }
}
