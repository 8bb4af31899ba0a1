package dev.cnimetrics.netns;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --netns-method=auto}: netlink for every pod, then, when CAP_SYS_ADMIN is effective, setns
 * for the pods netlink left incomplete. Netlink never sees pod-side names, so with the capability
 * every pod that is not gone is entered once; the agent's cache keeps that to new sandboxes. A pod
 * setns cannot read keeps its netlink answer.
 */
final class AutoResolver implements PeerResolver {
  private final PeerResolver netlink;
  private final PeerResolver setns;
  private final ResolutionErrors errors;

  /**
   * @param netlink counts nothing itself
   * @param setns counts nothing itself; null without CAP_SYS_ADMIN
   */
  AutoResolver(PeerResolver netlink, PeerResolver setns, ResolutionErrors errors) {
    this.netlink = netlink;
    this.setns = setns;
    this.errors = errors;
  }

  @Override
  public NetnsMethod method() {
    return NetnsMethod.AUTO;
  }

  @Override
  public HostLinks hostLinks() throws NetnsException {
    try {
      return netlink.hostLinks();
    } catch (NetnsException e) {
      errors.count(e.reason());
      throw e;
    }
  }

  @Override
  public synchronized List<PodResolution> resolve(HostLinks hostLinks, List<PodNetns> pods) {
    List<PodResolution> answers = new ArrayList<>(netlink.resolve(hostLinks, pods));
    if (setns != null) {
      List<Integer> incomplete = new ArrayList<>();
      for (int i = 0; i < answers.size(); i++) {
        if (incomplete(answers.get(i))) {
          incomplete.add(i);
        }
      }
      List<PodResolution> entered =
          setns.resolve(hostLinks, incomplete.stream().map(pods::get).toList());
      for (int k = 0; k < incomplete.size(); k++) {
        int i = incomplete.get(k);
        PodResolution better = entered.get(k);
        if (better instanceof PodResolution.Skipped skipped
            && answers.get(i) instanceof PodResolution.Resolved) {
          errors.count(skipped.reason()); // degraded: the netlink answer stays, without names
        } else {
          answers.set(i, better);
        }
      }
    }
    for (PodResolution answer : answers) {
      if (answer instanceof PodResolution.Skipped skipped) {
        errors.count(skipped.reason());
      }
    }
    return answers;
  }

  /** True when setns could add to a netlink answer: anything but a pod that is gone. */
  static boolean incomplete(PodResolution answer) {
    if (answer instanceof PodResolution.Skipped skipped) {
      return skipped.reason() != NetnsErrorReason.NETNS_GONE;
    }
    PodResolution.Resolved resolved = (PodResolution.Resolved) answer;
    return resolved.interfaces().isEmpty()
        || resolved.interfaces().stream().anyMatch(i -> i.podName().isEmpty());
  }

  @Override
  public void close() {
    netlink.close();
    if (setns != null) {
      setns.close();
    }
  }
}
