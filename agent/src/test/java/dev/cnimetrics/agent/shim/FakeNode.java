package dev.cnimetrics.agent.shim;

import dev.cnimetrics.cri.CriErrorReason;
import dev.cnimetrics.cri.CriException;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.cri.SandboxState;
import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.netns.NetnsMethod;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PodInterface;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.PodResolution;
import dev.cnimetrics.netns.netlink.Link;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Test double of a node for the shim's pure logic: the runtime's sandbox list ({@link PodSource})
 * and the kernel's links ({@link PeerResolver}, answering like the netlink method: pod-side names
 * unknown, one interface per host veth into the pod's nsid). Nothing real can stand in here without
 * root and a runtime; the end-to-end IT runs the real ones.
 */
final class FakeNode implements PodSource, PeerResolver {

  static final String NETNS_DIR = "/var/run/netns/";

  private List<Sandbox> sandboxes = List.of();
  private final List<Link> links = new ArrayList<>();
  private final Map<String, Integer> nsidByPath = new HashMap<>();
  private CriException criFailure;
  private NetnsException dumpFailure;
  private final ResolutionCounters counters;
  final List<List<String>> resolveCalls = new ArrayList<>();
  final List<Set<String>> knownAsked = new ArrayList<>();
  int dumps;

  FakeNode(ResolutionCounters counters) {
    this.counters = counters;
  }

  static Sandbox pod(String id, String name, List<String> cniHost, List<String> cniPod) {
    return new Sandbox(
        id,
        name,
        "shop",
        "uid-" + name,
        SandboxState.READY,
        Instant.EPOCH,
        false,
        Optional.of(Path.of(NETNS_DIR + "cni-" + id)),
        OptionalLong.of(100),
        cniHost,
        cniPod,
        Optional.empty());
  }

  static Sandbox hostNetworkPod(String id, String name) {
    return new Sandbox(
        id,
        name,
        "kube-system",
        "uid-" + name,
        SandboxState.READY,
        Instant.EPOCH,
        true,
        Optional.empty(),
        OptionalLong.of(101),
        List.of(),
        List.of(),
        Optional.empty());
  }

  void setSandboxes(Sandbox... list) {
    sandboxes = List.of(list);
  }

  /** The pod's namespace exists and the host knows it as {@code nsid}. */
  void netns(Sandbox pod, int nsid) {
    nsidByPath.put(pod.netnsPath().orElseThrow().toString(), nsid);
  }

  /** A host veth {@code hostName} whose peer is {@code podIfindex} in the pod's namespace. */
  void veth(Sandbox pod, int nsid, int hostIfindex, String hostName, int podIfindex) {
    netns(pod, nsid);
    links.add(new Link(hostIfindex, hostName, "veth", 0, podIfindex, nsid));
  }

  void removeLink(String hostName) {
    links.removeIf(l -> l.name().equals(hostName));
  }

  void failCri(CriException e) {
    criFailure = e;
  }

  void failDump(NetnsException e) {
    dumpFailure = e;
  }

  @Override
  public List<Sandbox> list(Map<String, Sandbox> known) throws CriException {
    if (criFailure != null) {
      counters.failed(criFailure.reason()); // as PodSandboxes counts it
      throw criFailure;
    }
    knownAsked.add(Set.copyOf(known.keySet()));
    return sandboxes.stream().map(s -> known.getOrDefault(s.id(), s)).toList();
  }

  @Override
  public String runtimeVersion() {
    return "fake 1.0, CRI API v1";
  }

  @Override
  public NetnsMethod method() {
    return NetnsMethod.NETLINK;
  }

  @Override
  public HostLinks hostLinks() throws NetnsException {
    dumps++;
    if (dumpFailure != null) {
      counters.count(dumpFailure.reason()); // as the resolvers count it
      throw dumpFailure;
    }
    return new HostLinks(List.copyOf(links));
  }

  @Override
  public List<PodResolution> resolve(HostLinks hostLinks, List<PodNetns> pods) {
    resolveCalls.add(pods.stream().map(PodNetns::sandboxId).toList());
    List<PodResolution> answers = new ArrayList<>();
    for (PodNetns pod : pods) {
      Integer nsid = nsidByPath.get(pod.path());
      if (nsid == null) {
        counters.count(dev.cnimetrics.netns.NetnsErrorReason.NETNS_GONE);
        answers.add(
            new PodResolution.Skipped(
                pod,
                dev.cnimetrics.netns.NetnsErrorReason.NETNS_GONE,
                "open " + pod.path() + ": gone"));
        continue;
      }
      List<PodInterface> interfaces = new ArrayList<>();
      for (Link l : hostLinks.pairsInto(nsid)) {
        interfaces.add(
            new PodInterface(
                Optional.empty(),
                l.linkIndex(),
                Optional.of(new HostPeer(l.ifindex(), l.name())),
                l.kind()));
      }
      answers.add(new PodResolution.Resolved(pod, nsid, interfaces, NetnsMethod.NETLINK));
    }
    return answers;
  }

  static CriException unavailable() {
    return new CriException(
        CriErrorReason.UNAVAILABLE,
        "CRI socket /run/containerd/containerd.sock: connection refused: the container runtime is"
            + " not running (or restarting)");
  }

  @Override
  public void close() {}
}
