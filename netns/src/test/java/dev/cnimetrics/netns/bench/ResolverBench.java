package dev.cnimetrics.netns.bench;

import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.PodResolution;
import dev.cnimetrics.netns.ResolutionErrors;
import dev.cnimetrics.netns.netlink.NetlinkResolver;
import dev.cnimetrics.netns.setns.SetnsResolver;
import dev.cnimetrics.netns.testing.NetnsLab;
import dev.cnimetrics.testkit.host.Commands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-pod cost of the netlink and setns methods against spawning {@code nsenter --net=PATH ethtool
 * -S eth0} per pod (what prometheus-network-shim does), on the same real topology at 50 and 200 pod
 * namespaces. Needs root; run with the command in netns/README.md. Prints BENCH lines.
 */
public final class ResolverBench {
  private static final int ROUNDS = 200;
  private static final int WARMUP_ROUNDS = 50;

  private ResolverBench() {}

  public static void main(String[] args) throws Exception {
    try (NetnsLab lab = NetnsLab.start();
        PeerResolver netlink = NetlinkResolver.open(ResolutionErrors.NONE);
        PeerResolver setns = SetnsResolver.open(ResolutionErrors.NONE)) {
      List<PodNetns> pods = new ArrayList<>();
      double netlinkRefresh50 = 0;
      double cachedRefresh50 = 0;
      for (int count : new int[] {50, 200}) {
        for (NetnsLab.Netns ns : lab.pods(count - pods.size())) {
          pods.add(new PodNetns(ns.name(), ns.path()));
        }
        double dump = median(ROUNDS, () -> netlink.hostLinks());
        double netlinkRefresh = median(ROUNDS, () -> refresh(netlink, pods));
        double setnsRefresh = median(ROUNDS, () -> refresh(setns, pods));
        List<PodResolution> cached = netlink.resolve(netlink.hostLinks(), pods);
        double cachedRefresh = median(ROUNDS, () -> cachedRefresh(netlink, cached));
        double netlinkPerPod = (netlinkRefresh - dump) / count;
        double setnsPerPod = (setnsRefresh - dump) / count;
        double spawnPerPod = spawnPerPod(pods);
        String n = " (" + count + " pods)";
        bench("netns netlink per pod" + n, netlinkPerPod, "us/pod", "-", "-");
        bench("netns setns per pod" + n, setnsPerPod, "us/pod", "-", "-");
        bench("netns nsenter+ethtool spawn per pod" + n, spawnPerPod, "us/pod", "-", "-");
        bench(
            "netns spawn/setns speed-up" + n,
            spawnPerPod / setnsPerPod,
            "x",
            ">=100",
            String.format("%.2f", spawnPerPod / setnsPerPod / 100));
        bench("netns spawn/netlink speed-up" + n, spawnPerPod / netlinkPerPod, "x", "-", "-");
        bench("netns host RTM_GETLINK dump" + n, dump, "us/refresh", "-", "-");
        String flat =
            netlinkRefresh50 == 0 ? "-" : String.format("%.2f", netlinkRefresh / netlinkRefresh50);
        bench("netns netlink refresh" + n, netlinkRefresh, "us/refresh", "roughly flat", flat);
        bench("netns setns refresh" + n, setnsRefresh, "us/refresh", "-", "-");
        String cachedFlat =
            cachedRefresh50 == 0 ? "-" : String.format("%.2f", cachedRefresh / cachedRefresh50);
        bench(
            "netns cached refresh, nothing new" + n, cachedRefresh, "us/refresh", "-", cachedFlat);
        if (count == 50) {
          netlinkRefresh50 = netlinkRefresh;
          cachedRefresh50 = cachedRefresh;
        }
      }
    }
  }

  /** What the agent does per refresh when every pod needs resolving: one dump, all pods. */
  private static Object refresh(PeerResolver resolver, List<PodNetns> pods) throws Exception {
    HostLinks links = resolver.hostLinks();
    for (PodResolution answer : resolver.resolve(links, pods)) {
      if (!(answer instanceof PodResolution.Resolved r) || !r.hasHostPeer()) {
        throw new IllegalStateException("bench topology answer without a host peer: " + answer);
      }
    }
    return links;
  }

  /** A steady-state refresh: one dump, every cached answer checked, nothing to resolve. */
  private static Object cachedRefresh(PeerResolver resolver, List<PodResolution> cached)
      throws Exception {
    HostLinks links = resolver.hostLinks();
    for (PodResolution answer : cached) {
      if (!links.stillMatches((PodResolution.Resolved) answer)) {
        throw new IllegalStateException("bench topology changed under " + answer);
      }
    }
    return links;
  }

  private interface Work {
    Object run() throws Exception;
  }

  /** Median wall time of one run in microseconds, after warm-up. */
  private static double median(int rounds, Work work) throws Exception {
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      work.run();
    }
    double[] micros = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      work.run();
      micros[i] = (System.nanoTime() - start) / 1_000.0;
    }
    Arrays.sort(micros);
    return micros[rounds / 2];
  }

  /** One {@code nsenter … ethtool -S eth0} per pod, its output parsed for peer_ifindex. */
  private static double spawnPerPod(List<PodNetns> pods) {
    long start = System.nanoTime();
    for (PodNetns pod : pods) {
      String out = Commands.run(List.of("nsenter", "--net=" + pod.path(), "ethtool", "-S", "eth0"));
      if (!out.contains("peer_ifindex:")) {
        throw new IllegalStateException("ethtool -S eth0 in " + pod.path() + ": " + out);
      }
    }
    return (System.nanoTime() - start) / 1_000.0 / pods.size();
  }

  private static void bench(String figure, double value, String unit, String target, String ratio) {
    System.out.printf("BENCH|%s|%.1f|%s|%s|%s%n", figure, value, unit, target, ratio);
  }
}
