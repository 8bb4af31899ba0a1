package dev.cnimetrics.cri;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One pod sandbox as the runtime reports it.
 *
 * @param id CRI sandbox id
 * @param name pod name
 * @param namespace pod namespace
 * @param uid pod uid
 * @param state sandbox state
 * @param createdAt when the runtime created the sandbox
 * @param hostNetwork true when the sandbox uses the node's network namespace (hostNetwork pod)
 * @param netnsPath the pod's network namespace file, checked against the accepted places; empty for
 *     hostNetwork pods and when {@link #problem} says why
 * @param pausePid pid of the sandbox (pause) process, when the runtime reports one
 * @param cniHostInterfaces host-side interfaces the runtime's CNI result names (the host veth, and
 *     with a bridge plugin also the bridge), sorted; empty when the runtime keeps no CNI result. A
 *     cross-check, never the only source: CNI plugins decide what they report.
 * @param cniPodInterfaces pod-side interfaces the runtime's CNI result names ({@code eth0}, and
 *     usually {@code lo}), sorted; empty when the runtime keeps no CNI result. The result does not
 *     say which host interface pairs with which pod interface.
 * @param problem why netnsPath is missing for a pod that should have one
 */
public record Sandbox(
    String id,
    String name,
    String namespace,
    String uid,
    SandboxState state,
    Instant createdAt,
    boolean hostNetwork,
    Optional<Path> netnsPath,
    OptionalLong pausePid,
    List<String> cniHostInterfaces,
    List<String> cniPodInterfaces,
    Optional<CriErrorReason> problem) {

  public Sandbox {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(netnsPath, "netnsPath");
    Objects.requireNonNull(pausePid, "pausePid");
    cniHostInterfaces = List.copyOf(cniHostInterfaces);
    cniPodInterfaces = List.copyOf(cniPodInterfaces);
    Objects.requireNonNull(problem, "problem");
  }

  /** "namespace/name", the way users name pods. */
  public String podRef() {
    return namespace + "/" + name;
  }
}
