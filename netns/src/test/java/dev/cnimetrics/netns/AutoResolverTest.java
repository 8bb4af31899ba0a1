package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The merge logic of auto. The two methods are test doubles here (canned answers per pod): the real
 * ones need root and real namespaces and are compared in PeerResolverIT.
 */
class AutoResolverTest {
  private static final HostLinks NO_LINKS = new HostLinks(List.of());
  private static final PodNetns A = new PodNetns("a", "/run/netns/a");
  private static final PodNetns B = new PodNetns("b", "/run/netns/b");
  private static final PodNetns C = new PodNetns("c", "/run/netns/c");
  private static final PodNetns D = new PodNetns("d", "/run/netns/d");

  private static final class Canned implements PeerResolver {
    final Function<PodNetns, PodResolution> answers;
    final List<PodNetns> asked = new ArrayList<>();

    Canned(Function<PodNetns, PodResolution> answers) {
      this.answers = answers;
    }

    @Override
    public NetnsMethod method() {
      return NetnsMethod.NETLINK;
    }

    @Override
    public HostLinks hostLinks() {
      return NO_LINKS;
    }

    @Override
    public List<PodResolution> resolve(HostLinks hostLinks, List<PodNetns> pods) {
      asked.addAll(pods);
      return pods.stream().map(answers).toList();
    }

    @Override
    public void close() {}
  }

  private static PodResolution.Resolved resolved(PodNetns pod, String name, NetnsMethod source) {
    PodInterface i =
        new PodInterface(
            Optional.ofNullable(name), 2, Optional.of(new HostPeer(10, "eni0a1b2c3d")), "veth");
    return new PodResolution.Resolved(pod, 3, List.of(i), source);
  }

  private static PodResolution.Skipped skipped(PodNetns pod, NetnsErrorReason reason) {
    return new PodResolution.Skipped(pod, reason, reason.label());
  }

  @Test
  void setnsFillsInWhatNetlinkCannotSee() {
    Map<PodNetns, PodResolution> byNetlink =
        Map.of(
            A, resolved(A, null, NetnsMethod.NETLINK),
            B, skipped(B, NetnsErrorReason.NETNS_GONE),
            C, new PodResolution.Resolved(C, -1, List.of(), NetnsMethod.NETLINK),
            D, resolved(D, null, NetnsMethod.NETLINK));
    Map<PodNetns, PodResolution> bySetns =
        Map.of(
            A, resolved(A, "eth0", NetnsMethod.SETNS),
            C, new PodResolution.Resolved(C, -1, List.of(), NetnsMethod.SETNS),
            D, skipped(D, NetnsErrorReason.SETNS_FAILED));
    Canned netlink = new Canned(byNetlink::get);
    Canned setns = new Canned(bySetns::get);
    List<NetnsErrorReason> counted = new ArrayList<>();

    List<PodResolution> answers =
        new AutoResolver(netlink, setns, counted::add).resolve(NO_LINKS, List.of(A, B, C, D));

    assertEquals(List.of(A, C, D), setns.asked, "a gone pod is not entered");
    assertSame(bySetns.get(A), answers.get(0));
    assertSame(byNetlink.get(B), answers.get(1));
    assertSame(bySetns.get(C), answers.get(2));
    assertSame(byNetlink.get(D), answers.get(3), "setns failed: the netlink answer stays");
    assertEquals(List.of(NetnsErrorReason.SETNS_FAILED, NetnsErrorReason.NETNS_GONE), counted);
  }

  @Test
  void withoutTheCapabilityItIsNetlink() {
    Canned netlink = new Canned(pod -> skipped(pod, NetnsErrorReason.NOT_A_NETNS));
    List<NetnsErrorReason> counted = new ArrayList<>();
    List<PodResolution> answers =
        new AutoResolver(netlink, null, counted::add).resolve(NO_LINKS, List.of(A));
    assertEquals(NetnsErrorReason.NOT_A_NETNS, ((PodResolution.Skipped) answers.get(0)).reason());
    assertEquals(List.of(NetnsErrorReason.NOT_A_NETNS), counted);
  }

  @Test
  void incompleteMeansSetnsCouldAddSomething() {
    assertTrue(AutoResolver.incomplete(resolved(A, null, NetnsMethod.NETLINK)));
    assertFalse(AutoResolver.incomplete(resolved(A, "eth0", NetnsMethod.SETNS)));
    assertTrue(AutoResolver.incomplete(skipped(A, NetnsErrorReason.NETLINK_FAILED)));
    assertFalse(AutoResolver.incomplete(skipped(A, NetnsErrorReason.NETNS_GONE)));
  }
}
