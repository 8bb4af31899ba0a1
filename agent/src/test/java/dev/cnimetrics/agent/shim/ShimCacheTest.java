package dev.cnimetrics.agent.shim;

import static dev.cnimetrics.agent.shim.FakeNode.hostNetworkPod;
import static dev.cnimetrics.agent.shim.FakeNode.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.cri.CriErrorReason;
import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.cri.SandboxState;
import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.NetnsException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The cache by sandbox id: what is resolved, reused and dropped, and the series it yields. */
class ShimCacheTest {

  private final FakeNode node = new FakeNode(new ResolutionCounters());
  private final ShimCache cache = new ShimCache();

  private static final Sandbox WEB =
      pod("s-web", "web", List.of("cni0", "veth1"), List.of("eth0", "lo"));
  private static final Sandbox DB =
      pod("s-db", "db", List.of("cni0", "veth2"), List.of("eth0", "lo"));
  private static final Sandbox PROXY = hostNetworkPod("s-proxy", "kube-proxy");

  private ShimCache.Round refresh() throws NetnsException {
    HostLinks links = node.hostLinks();
    return cache.refresh(List.copyOf(sandboxes), links, node);
  }

  private List<Sandbox> sandboxes = List.of();

  private void live(Sandbox... list) {
    sandboxes = List.of(list);
  }

  private static PodInterfaceSeries series(Sandbox s, String host, String podSide) {
    return new PodInterfaceSeries(s.namespace(), s.name(), s.uid(), host, podSide);
  }

  @Test
  void newPodsAreResolvedOnceAndThenServedFromTheCache() throws Exception {
    node.veth(WEB, 1, 11, "veth1", 2);
    node.veth(DB, 2, 12, "veth2", 2);
    live(WEB, DB, PROXY);

    ShimCache.Round first = refresh();
    assertEquals(List.of(List.of("s-web", "s-db")), node.resolveCalls, "hostNetwork not asked");
    assertEquals(
        List.of(series(DB, "veth2", "eth0"), series(WEB, "veth1", "eth0")), first.series());
    assertEquals(new ShimCache.Round(first.series(), 0, 2, List.of()), first);

    ShimCache.Round second = refresh();
    assertEquals(1, node.resolveCalls.size(), "no namespace work for unchanged pods");
    assertEquals(new ShimCache.Round(first.series(), 2, 0, List.of()), second);
  }

  @Test
  void aPodWhoseHostLinksChangedIsResolvedAgainAlone() throws Exception {
    node.veth(WEB, 1, 11, "veth1", 2);
    node.veth(DB, 2, 12, "veth2", 2);
    live(WEB, DB);
    refresh();
    // A second interface appears in db: its cached answer no longer matches the host links.
    node.veth(DB, 2, 13, "lxcab12", 3);

    ShimCache.Round round = refresh();
    assertEquals(List.of("s-db"), node.resolveCalls.get(1));
    assertEquals(1, round.cacheHits());
    assertEquals(
        List.of(
            series(DB, "lxcab12", ""), series(DB, "veth2", "eth0"), series(WEB, "veth1", "eth0")),
        round.series());
  }

  @Test
  void podsThatAreGoneLoseTheirSeriesAndTheirCacheEntry() throws Exception {
    node.veth(WEB, 1, 11, "veth1", 2);
    node.veth(DB, 2, 12, "veth2", 2);
    live(WEB, DB);
    refresh();
    live(WEB);

    ShimCache.Round round = refresh();
    assertEquals(List.of(series(WEB, "veth1", "eth0")), round.series());
    assertEquals(1, cache.size());
  }

  @Test
  void aSkippedPodHasNoSeriesAndIsTriedAgainNextRefresh() throws Exception {
    node.veth(WEB, 1, 11, "veth1", 2);
    Sandbox gone = pod("s-gone", "gone", List.of(), List.of());
    live(WEB, gone);

    ShimCache.Round round = refresh();
    assertEquals(List.of(series(WEB, "veth1", "eth0")), round.series());
    assertEquals(1, round.skipped().size());
    assertEquals("s-gone", round.skipped().get(0).pod().sandboxId());
    assertEquals(1, round.resolved());

    refresh();
    assertEquals(List.of("s-gone"), node.resolveCalls.get(1));
  }

  @Test
  void aPodWithoutHostPeersHasNoSeriesAndIsNeverCachedAsMatching() throws Exception {
    Sandbox macvlan = pod("s-mac", "mac", List.of(), List.of());
    node.netns(macvlan, 7);
    live(macvlan);

    assertEquals(List.of(), refresh().series());
    assertEquals(List.of(), refresh().series());
    assertEquals(List.of(List.of("s-mac"), List.of("s-mac")), node.resolveCalls);
  }

  @Test
  void sandboxesWithoutANetnsPathAreNotResolved() throws Exception {
    Sandbox unparsable =
        new Sandbox(
            "s-bad",
            "bad",
            "shop",
            "uid-bad",
            SandboxState.READY,
            Instant.EPOCH,
            false,
            Optional.empty(),
            OptionalLong.empty(),
            List.of(),
            List.of(),
            Optional.of(CriErrorReason.INFO_UNPARSABLE));
    live(unparsable, PROXY);

    assertEquals(new ShimCache.Round(List.of(), 0, 0, List.of()), refresh());
    assertEquals(List.of(), node.resolveCalls);
  }

  @Test
  void withoutAHostDumpCachedPodsThatAreStillListedAreServedUnchecked() throws Exception {
    node.veth(WEB, 1, 11, "veth1", 2);
    node.veth(DB, 2, 12, "veth2", 2);
    live(WEB, DB);
    refresh();
    Sandbox added = pod("s-new", "new", List.of(), List.of());
    live(WEB, added);

    ShimCache.Round round = cache.reuse(sandboxes);
    assertEquals(
        new ShimCache.Round(List.of(series(WEB, "veth1", "eth0")), 0, 0, List.of()), round);
    assertEquals(1, node.resolveCalls.size());
  }

  @Test
  void identicalSeriesAreServedOnce() throws Exception {
    Sandbox twin =
        new Sandbox(
            "s-web-2",
            WEB.name(),
            WEB.namespace(),
            WEB.uid(),
            SandboxState.READY,
            Instant.EPOCH,
            false,
            WEB.netnsPath(),
            OptionalLong.empty(),
            WEB.cniHostInterfaces(),
            WEB.cniPodInterfaces(),
            Optional.empty());
    node.veth(WEB, 1, 11, "veth1", 2);
    live(WEB, twin);

    assertEquals(List.of(series(WEB, "veth1", "eth0")), refresh().series());
  }
}
