package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.NetnsMethod;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PodInterface;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.PodResolution;
import dev.cnimetrics.netns.ResolutionErrors;
import dev.cnimetrics.netns.sys.LibC;
import dev.cnimetrics.netns.sys.NsFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves from the host namespace only, with no capability: each host veth/netkit carries its
 * peer's ifindex (IFLA_LINK) and the id of the namespace the peer is in (IFLA_LINK_NETNSID);
 * RTM_GETNSID with the fd of a pod's netns file gives that pod's id. Pod-side names are not visible
 * this way, and pod interfaces without a host peer are not seen at all.
 */
public final class NetlinkResolver implements PeerResolver {
  private final NetlinkSocket host;
  private final ResolutionErrors errors;

  private NetlinkResolver(NetlinkSocket host, ResolutionErrors errors) {
    this.host = host;
    this.errors = errors;
  }

  /** Opens the host socket; the calling thread must be in the host namespace. */
  public static NetlinkResolver open(ResolutionErrors errors) throws NetnsException {
    return new NetlinkResolver(NetlinkSocket.open(), errors);
  }

  @Override
  public NetnsMethod method() {
    return NetnsMethod.NETLINK;
  }

  @Override
  public synchronized HostLinks hostLinks() throws NetnsException {
    return dumpHost(host, errors);
  }

  /**
   * One host dump; a failure is counted and rethrown as {@link NetnsErrorReason#HOST_DUMP_FAILED}.
   */
  public static HostLinks dumpHost(NetlinkSocket host, ResolutionErrors errors)
      throws NetnsException {
    try {
      return new HostLinks(host.dumpLinks());
    } catch (NetnsException e) {
      errors.count(NetnsErrorReason.HOST_DUMP_FAILED);
      throw new NetnsException(NetnsErrorReason.HOST_DUMP_FAILED, e.getMessage());
    }
  }

  @Override
  public synchronized List<PodResolution> resolve(HostLinks hostLinks, List<PodNetns> pods) {
    List<PodResolution> answers = new ArrayList<>(pods.size());
    for (PodNetns pod : pods) {
      PodResolution answer;
      try {
        answer = resolve(hostLinks, pod);
      } catch (NetnsException e) {
        errors.count(e.reason());
        answer = new PodResolution.Skipped(pod, e.reason(), e.getMessage());
      }
      answers.add(answer);
    }
    return answers;
  }

  private PodResolution resolve(HostLinks hostLinks, PodNetns pod) throws NetnsException {
    int fd = NsFiles.open(pod.path());
    int nsid;
    try {
      nsid = host.nsid(fd, pod.path());
    } finally {
      LibC.close(fd);
    }
    return new PodResolution.Resolved(pod, nsid, interfaces(hostLinks, nsid), NetnsMethod.NETLINK);
  }

  /** The pod interfaces netlink can see from the host: one per host link into {@code nsid}. */
  static List<PodInterface> interfaces(HostLinks hostLinks, int nsid) {
    List<PodInterface> interfaces = new ArrayList<>();
    for (Link link : hostLinks.pairsInto(nsid)) {
      interfaces.add(
          new PodInterface(
              Optional.empty(),
              link.linkIndex(),
              Optional.of(new HostPeer(link.ifindex(), link.name())),
              link.kind()));
    }
    return interfaces;
  }

  @Override
  public synchronized void close() {
    host.close();
  }
}
