package dev.cnimetrics.cri;

/**
 * Why a CRI call or a sandbox's resolution failed. {@link #label()} is the value of the agent's
 * {@code cni_metrics_agent_resolution_errors_total{reason}} label.
 */
public enum CriErrorReason {
  /** The socket file does not exist (nothing mounted, wrong path, runtime not installed). */
  SOCKET_MISSING("socket_missing"),
  /** The path exists but is a directory or a regular file, not a socket. */
  NOT_A_SOCKET("not_a_socket"),
  /** connect() on the socket was refused for lack of permission. */
  PERMISSION_DENIED("permission_denied"),
  /** The socket exists but nothing answers on it (runtime stopped or restarting). */
  UNAVAILABLE("unavailable"),
  /** The runtime does not serve CRI runtime.v1. */
  UNIMPLEMENTED("unimplemented"),
  /** A call did not complete within its deadline. */
  DEADLINE_EXCEEDED("deadline_exceeded"),
  /** A sandbox was removed between ListPodSandbox and PodSandboxStatus: normal churn. */
  SANDBOX_GONE("sandbox_gone"),
  /** The verbose status "info" JSON could not be read. */
  INFO_UNPARSABLE("info_unparsable"),
  /** The runtime named a netns path outside the accepted places. */
  NETNS_REJECTED("netns_rejected"),
  /** The runtime named no network namespace for a pod that is not hostNetwork. */
  NETNS_MISSING("netns_missing"),
  /** Any other gRPC failure. */
  RPC_ERROR("rpc_error");

  private final String label;

  CriErrorReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
