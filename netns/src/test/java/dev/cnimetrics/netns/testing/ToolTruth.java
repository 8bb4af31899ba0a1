package dev.cnimetrics.netns.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.PodInterface;
import dev.cnimetrics.testkit.host.Commands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the real tools say about a pod: {@code ip -d -j link} in the host and in the pod, {@code ip
 * -j netns list} and {@code ethtool -S} inside the pod. The expected answers of the tests come from
 * here, never from what the tests set up.
 */
public final class ToolTruth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> nsids = new HashMap<>();
  private final Map<Integer, JsonNode> hostLinks = new HashMap<>();

  private ToolTruth() {}

  /** Reads the host's view once. */
  public static ToolTruth read() {
    ToolTruth truth = new ToolTruth();
    // `ip netns list`, not `ip netns list-id`: iproute2 6.1's list-id stops after the first dump
    // part, so with a few hundred namespaces on the host (a busy node) later nsids are missing.
    for (JsonNode named : json(Commands.run(List.of("ip", "-j", "netns", "list")))) {
      if (named.has("id")) {
        truth.nsids.put(named.get("name").asText(), named.get("id").asInt());
      }
    }
    for (JsonNode link : json(Commands.run(List.of("ip", "-d", "-j", "link", "show")))) {
      truth.hostLinks.put(link.get("ifindex").asInt(), link);
    }
    return truth;
  }

  /** The host's nsid for {@code ns}; -1 when it has none. */
  public int nsid(NetnsLab.Netns ns) {
    return nsids.getOrDefault(ns.name(), -1);
  }

  /** Every interface in {@code ns} but lo, with the host peer the tools show for it. */
  public List<PodInterface> inside(NetnsLab lab, NetnsLab.Netns ns) {
    List<PodInterface> interfaces = new ArrayList<>();
    String out = Commands.run(List.of("ip", "-n", ns.name(), "-d", "-j", "link", "show"));
    for (JsonNode link : json(out)) {
      String name = link.get("ifname").asText();
      if (name.equals("lo")) {
        continue;
      }
      int ifindex = link.get("ifindex").asInt();
      String kind = link.path("linkinfo").path("info_kind").asText("");
      Optional<HostPeer> peer = Optional.empty();
      if (kind.equals("veth")) {
        int peerIndex = ethtoolPeerIfindex(lab, ns, name);
        JsonNode host = hostLinks.get(peerIndex);
        if (host != null
            && host.path("link_index").asInt(-1) == ifindex
            && host.path("link_netnsid").asInt(-1) == nsid(ns)) {
          peer = Optional.of(new HostPeer(peerIndex, host.get("ifname").asText()));
        }
      }
      interfaces.add(new PodInterface(Optional.of(name), ifindex, peer, kind));
    }
    return interfaces;
  }

  /** The same without pod-side names and without interfaces that have no host peer. */
  public static List<PodInterface> seenFromHost(List<PodInterface> inside) {
    return inside.stream()
        .filter(i -> i.hostPeer().isPresent())
        .map(i -> new PodInterface(Optional.empty(), i.podIfindex(), i.hostPeer(), i.kind()))
        .toList();
  }

  private static int ethtoolPeerIfindex(NetnsLab lab, NetnsLab.Netns ns, String ifname) {
    for (String line : lab.exec(ns, "ethtool", "-S", ifname).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("peer_ifindex:")) {
        return Integer.parseInt(trimmed.substring("peer_ifindex:".length()).strip());
      }
    }
    throw new IllegalStateException(
        "ethtool -S " + ifname + " in " + ns.name() + ": no peer_ifindex");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("unparsable ip -j output: " + text, e);
    }
  }
}
