package dev.cnimetrics.cri.info;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What cni-metrics reads from a sandbox's verbose status "info" JSON (containerd 1.6, 1.7, 2.x and
 * cri-o). Raw values, not yet checked: {@link NetnsResolver} decides what to trust.
 *
 * @param pid the sandbox process ({@code pid}); empty when absent or 0
 * @param specNetwork what {@code runtimeSpec.linux.namespaces} says about the network namespace
 * @param specNetnsPath {@code runtimeSpec.linux.namespaces[type=network].path} when not empty
 * @param metadataNetnsPath containerd 2.x {@code sandboxMetadata.Metadata.NetNSPath} when not empty
 * @param cniHostInterfaces names in {@code cniResult.Interfaces} without a sandbox (host side),
 *     sorted
 * @param cniPodInterfaces names in {@code cniResult.Interfaces} with a sandbox (inside the pod:
 *     {@code eth0}, {@code lo}), sorted
 */
public record VerboseInfo(
    OptionalLong pid,
    SpecNetwork specNetwork,
    Optional<String> specNetnsPath,
    Optional<String> metadataNetnsPath,
    List<String> cniHostInterfaces,
    List<String> cniPodInterfaces) {

  /** The network namespace entry of the OCI runtime spec. */
  public enum SpecNetwork {
    /**
     * No runtimeSpec in the info (cri-o spoofed sandboxes may omit fields; 2.x may not fill it).
     */
    NO_SPEC,
    /** A spec without a network namespace: the sandbox runs in the node's network namespace. */
    NO_ENTRY,
    /** runc creates a new namespace; only {@code /proc/<pid>/ns/net} names it. */
    ENTRY_WITHOUT_PATH,
    /** The runtime pinned the namespace to a file. */
    ENTRY_WITH_PATH
  }

  public VerboseInfo {
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(specNetwork, "specNetwork");
    Objects.requireNonNull(specNetnsPath, "specNetnsPath");
    Objects.requireNonNull(metadataNetnsPath, "metadataNetnsPath");
    cniHostInterfaces = List.copyOf(cniHostInterfaces);
    cniPodInterfaces = List.copyOf(cniPodInterfaces);
  }
}
