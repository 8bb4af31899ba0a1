package dev.cnimetrics.agent.shim;

import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PodInterface;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.PodResolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers of earlier refreshes, keyed by sandbox id, so that a pod that did not change costs no
 * namespace work: per refresh one host link dump, {@link HostLinks#stillMatches} for every cached
 * pod, and the resolver only for new pods and pods whose host links changed. Sandboxes that are no
 * longer listed are dropped, and with them their series. Not thread-safe: one refresh thread.
 */
final class ShimCache {

  /** A sandbox and the resolver's answer for it. */
  record Entry(Sandbox sandbox, PodResolution.Resolved answer) {}

  /**
   * What one refresh produced.
   *
   * @param series the series to serve, in {@link PodInterfaceSeries#ORDER}
   * @param cacheHits pods whose cached answer still matched the host links
   * @param resolved pods the resolver answered in this refresh
   * @param skipped pods the resolver could not answer (not cached, no series)
   */
  record Round(
      List<PodInterfaceSeries> series,
      int cacheHits,
      int resolved,
      List<PodResolution.Skipped> skipped) {}

  private Map<String, Entry> bySandbox = new HashMap<>();

  /** Pods with a network namespace of their own that the runtime could name. */
  static boolean resolvable(Sandbox s) {
    return !s.hostNetwork() && s.netnsPath().isPresent();
  }

  Round refresh(List<Sandbox> sandboxes, HostLinks links, PeerResolver resolver) {
    Map<String, Entry> next = new HashMap<>();
    List<Sandbox> toResolve = new ArrayList<>();
    int hits = 0;
    for (Sandbox s : sandboxes) {
      if (!resolvable(s)) {
        continue;
      }
      Entry cached = bySandbox.get(s.id());
      if (cached != null && links.stillMatches(cached.answer())) {
        next.put(s.id(), cached);
        hits++;
      } else {
        toResolve.add(s);
      }
    }
    List<PodResolution.Skipped> skipped = new ArrayList<>();
    if (!toResolve.isEmpty()) {
      List<PodNetns> pods =
          toResolve.stream()
              .map(s -> new PodNetns(s.id(), s.netnsPath().orElseThrow().toString()))
              .toList();
      List<PodResolution> answers = resolver.resolve(links, pods);
      for (int i = 0; i < toResolve.size(); i++) {
        PodResolution answer = answers.get(i);
        if (answer instanceof PodResolution.Resolved resolved) {
          next.put(toResolve.get(i).id(), new Entry(toResolve.get(i), resolved));
        } else {
          skipped.add((PodResolution.Skipped) answer);
        }
      }
    }
    bySandbox = next;
    return new Round(series(next), hits, toResolve.size() - skipped.size(), skipped);
  }

  /**
   * The host dump failed: serve the cached answers of the pods that are still listed, unchecked,
   * and resolve nothing. Pods that are gone still lose their series.
   */
  Round reuse(List<Sandbox> sandboxes) {
    Map<String, Entry> next = new HashMap<>();
    for (Sandbox s : sandboxes) {
      Entry cached = bySandbox.get(s.id());
      if (cached != null) {
        next.put(s.id(), cached);
      }
    }
    bySandbox = next;
    return new Round(series(next), 0, 0, List.of());
  }

  int size() {
    return bySandbox.size();
  }

  private static List<PodInterfaceSeries> series(Map<String, Entry> entries) {
    Set<PodInterfaceSeries> out = new LinkedHashSet<>();
    for (Entry e : entries.values()) {
      Sandbox s = e.sandbox();
      for (PodInterface i : e.answer().interfaces()) {
        i.hostPeer()
            .ifPresent(
                peer ->
                    out.add(
                        new PodInterfaceSeries(
                            s.namespace(),
                            s.name(),
                            s.uid(),
                            peer.name(),
                            PodInterfaceNames.podInterface(s, i, peer))));
      }
    }
    return out.stream().sorted(PodInterfaceSeries.ORDER).toList();
  }
}
