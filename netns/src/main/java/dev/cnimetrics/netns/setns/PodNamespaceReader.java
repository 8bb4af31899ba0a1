package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.netlink.Link;
import dev.cnimetrics.netns.netlink.NetlinkBuffer;
import dev.cnimetrics.netns.netlink.NetlinkSocket;
import dev.cnimetrics.netns.sys.LibC;
import dev.cnimetrics.netns.sys.NsFiles;
import java.util.List;
import java.util.Optional;

/**
 * Reads pod namespaces from inside. Confined to the one worker thread that opened it: it saves that
 * thread's namespace as "home" and enters and leaves pod namespaces on it.
 */
final class PodNamespaceReader implements AutoCloseable {
  /** The calling thread's own namespace; /proc/self would name the main thread's. */
  static final String OWN_NETNS = "/proc/thread-self/ns/net";

  static final String HOME = "host netns";

  private final NsSwitch ns;
  private final int homeFd;
  private final NetlinkSocket home;
  private final NetlinkBuffer podBuffer = new NetlinkBuffer();
  private NetnsException lost;

  private PodNamespaceReader(NsSwitch ns, int homeFd, NetlinkSocket home) {
    this.ns = ns;
    this.homeFd = homeFd;
    this.home = home;
  }

  /** Saves the calling thread's namespace as home; call on the worker before it enters any. */
  static PodNamespaceReader open(NsSwitch ns) throws NetnsException {
    int homeFd = NsFiles.open(OWN_NETNS);
    try {
      return new PodNamespaceReader(ns, homeFd, NetlinkSocket.open());
    } catch (NetnsException e) {
      LibC.close(homeFd);
      throw e;
    }
  }

  /**
   * Enters the pod's namespace, dumps its links and returns home, always.
   *
   * @throws NetnsException the pod could not be read; the thread is home
   * @throws ReturnFailedException the thread could not return home: {@link #lost()} is set and the
   *     thread must never run anything again
   */
  PodView read(PodNetns pod) throws NetnsException, ReturnFailedException {
    int podFd = NsFiles.open(pod.path());
    try {
      int nsid = home.nsid(podFd, pod.path());
      int errno = ns.enter(podFd);
      if (errno != 0) {
        throw NetnsErrors.setns(pod.path(), errno);
      }
      try {
        return readInside(nsid);
      } finally {
        returnHome();
      }
    } finally {
      LibC.close(podFd);
    }
  }

  private PodView readInside(int nsid) throws NetnsException {
    // opened after setns, so it is bound to the pod's namespace
    try (NetlinkSocket pod = NetlinkSocket.open(podBuffer)) {
      List<Link> links = pod.dumpLinks();
      // after the dump: dumping a link that points into the host assigns the host its id
      int hostIdInPod = pod.nsid(homeFd, HOME);
      return new PodView(nsid, hostIdInPod, links);
    }
  }

  private void returnHome() throws ReturnFailedException {
    int errno = ns.leave(homeFd);
    if (errno != 0) {
      lost = NetnsErrors.returnHome(errno);
      throw new ReturnFailedException(lost);
    }
  }

  /** A host link by ifindex, asked in the host namespace. */
  Optional<Link> hostLink(int ifindex) throws NetnsException {
    return home.link(ifindex);
  }

  /** Why the thread is stranded in a pod's namespace, or null while it is usable. */
  NetnsException lost() {
    return lost;
  }

  @Override
  public void close() {
    home.close();
    LibC.close(homeFd);
  }
}
