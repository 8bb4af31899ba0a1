package dev.cnimetrics.netns;

/**
 * Why a pod (or a whole refresh) could not be resolved. {@link #label()} is the value of the {@code
 * reason} label of {@code cni_metrics_agent_resolution_errors_total}.
 */
public enum NetnsErrorReason {
  /** The netns file no longer exists: the sandbox was stopped between listing and resolving. */
  NETNS_GONE("netns_gone"),
  /** The netns file exists but could not be opened (permissions, fd limits, ...). */
  NETNS_OPEN_FAILED("netns_open_failed"),
  /** The path opened, but it is not a network namespace (a regular file, another ns type). */
  NOT_A_NETNS("not_a_netns"),
  /** setns into the pod's namespace was refused: CAP_SYS_ADMIN is missing. */
  SETNS_DENIED("setns_denied"),
  /** setns into the pod's namespace failed for another reason. */
  SETNS_FAILED("setns_failed"),
  /** The worker thread could not return to the host namespace and was discarded. */
  RETURN_FAILED("return_failed"),
  /** A netlink request about one pod failed or its reply was malformed. */
  NETLINK_FAILED("netlink_failed"),
  /** The host namespace's link dump failed: nothing could be resolved in this refresh. */
  HOST_DUMP_FAILED("host_dump_failed");

  private final String label;

  NetnsErrorReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
