package dev.cnimetrics.netns;

import java.util.List;

/**
 * Maps pods' network namespaces to their interfaces and the host-side peers of those.
 *
 * <p>Use per refresh: one {@link #hostLinks()} dump, then {@link #resolve} for only the pods that
 * are new or whose cached answer no longer {@linkplain HostLinks#stillMatches matches}. Calls are
 * serialized; create and call it from threads in the host network namespace.
 */
public interface PeerResolver extends AutoCloseable {
  /** The method this resolver runs ({@code AUTO} may run both). */
  NetnsMethod method();

  /**
   * Dumps the host namespace's links (one RTM_GETLINK dump).
   *
   * @throws NetnsException with reason {@link NetnsErrorReason#HOST_DUMP_FAILED}; nothing can be
   *     resolved in this refresh then
   */
  HostLinks hostLinks() throws NetnsException;

  /**
   * Resolves {@code pods} against {@code hostLinks}, which must come from this resolver's {@link
   * #hostLinks()} (nsids are only meaningful within one host namespace). Returns one answer per
   * pod, in order; a pod that cannot be resolved becomes a {@link PodResolution.Skipped} (counted
   * by reason), never an exception.
   */
  List<PodResolution> resolve(HostLinks hostLinks, List<PodNetns> pods);

  /** Releases sockets, file descriptors and the worker thread. */
  @Override
  void close();
}
