package dev.cnimetrics.netns.setns;

import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.NetnsMethod;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.PodResolution;
import dev.cnimetrics.netns.ResolutionErrors;
import dev.cnimetrics.netns.netlink.NetlinkResolver;
import dev.cnimetrics.netns.netlink.NetlinkSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves from inside each pod's namespace (needs CAP_SYS_ADMIN): on a dedicated thread, setns
 * into the pod, one RTM_GETLINK dump there (every interface with its name, kind and peer), setns
 * back. Sees pod-side names and interfaces without a host peer, which netlink from the host cannot.
 */
public final class SetnsResolver implements PeerResolver {
  private static final Logger LOG = LoggerFactory.getLogger(SetnsResolver.class);

  private final NsSwitch ns;
  private final ResolutionErrors errors;
  private final NetlinkSocket host;
  private NamespaceThread worker;

  SetnsResolver(NsSwitch ns, ResolutionErrors errors) throws NetnsException {
    this.ns = ns;
    this.errors = errors;
    this.host = NetlinkSocket.open();
  }

  /** Opens the resolver; the calling thread must be in the host namespace. */
  public static SetnsResolver open(ResolutionErrors errors) throws NetnsException {
    return new SetnsResolver(NsSwitch.REAL, errors);
  }

  @Override
  public NetnsMethod method() {
    return NetnsMethod.SETNS;
  }

  @Override
  public synchronized HostLinks hostLinks() throws NetnsException {
    return NetlinkResolver.dumpHost(host, errors);
  }

  @Override
  public synchronized List<PodResolution> resolve(HostLinks hostLinks, List<PodNetns> pods) {
    List<PodResolution> answers = new ArrayList<>(pods.size());
    while (answers.size() < pods.size()) {
      List<PodNetns> rest = pods.subList(answers.size(), pods.size());
      try {
        answers.addAll(worker().call(reader -> readAll(reader, hostLinks, rest)));
      } catch (NetnsException e) {
        // no worker can run: every remaining pod gets the reason
        rest.forEach(
            pod -> answers.add(new PodResolution.Skipped(pod, e.reason(), e.getMessage())));
      }
    }
    for (PodResolution answer : answers) {
      if (answer instanceof PodResolution.Skipped skipped) {
        errors.count(skipped.reason());
      }
    }
    return answers;
  }

  /**
   * Reads pods until the end or until the thread could not return home; the pod that stranded it is
   * answered with that failure, the rest are left for a new thread.
   */
  private static List<PodResolution> readAll(
      PodNamespaceReader reader, HostLinks hostLinks, List<PodNetns> pods) {
    List<PodResolution> answers = new ArrayList<>(pods.size());
    for (PodNetns pod : pods) {
      try {
        PodView view = reader.read(pod);
        answers.add(
            new PodResolution.Resolved(
                pod,
                view.nsid(),
                PodPeers.interfaces(view, hostLinks, reader::hostLink),
                NetnsMethod.SETNS));
      } catch (NetnsException e) {
        answers.add(new PodResolution.Skipped(pod, e.reason(), e.getMessage()));
      } catch (ReturnFailedException e) {
        answers.add(new PodResolution.Skipped(pod, NetnsErrorReason.RETURN_FAILED, e.getMessage()));
        break;
      }
    }
    return answers;
  }

  private NamespaceThread worker() throws NetnsException {
    if (worker != null && !worker.usable()) {
      LOG.warn("event=netns_worker_discarded reason=\"{}\"", worker.ended().getMessage());
      worker = null;
    }
    if (worker == null) {
      worker = new NamespaceThread(ns);
    }
    return worker;
  }

  /** Runs {@code job} on the current worker thread (tests check its namespace this way). */
  synchronized <T> T onWorker(NamespaceThread.Job<T> job) throws NetnsException {
    return worker().call(job);
  }

  /** The current worker, for tests that check a discarded one ends. */
  synchronized NamespaceThread currentWorker() {
    return worker;
  }

  @Override
  public synchronized void close() {
    if (worker != null) {
      worker.stop();
      worker = null;
    }
    host.close();
  }
}
