package dev.cnimetrics.agent;

import dev.cnimetrics.agent.collect.RefreshLoop.Slot;
import dev.cnimetrics.agent.http.AgentRoutes.ReportSource;
import dev.cnimetrics.agent.imds.InterfacesSnapshot;
import dev.cnimetrics.agent.imds.NetworkInterface;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.report.Eni;
import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.IpamdStatus;
import dev.cnimetrics.report.NodeReport;
import dev.cnimetrics.report.ReportWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The node report of the latest ipamd snapshot, as {@code /v1/report} and --once serve it. */
public final class ReportView implements ReportSource {

  private final String node;
  private final Slot<IpamdSnapshot> ipamd;
  private final Optional<Instance> instance;
  private final Optional<Slot<InterfacesSnapshot>> interfaces;

  /**
   * @param interfaces the ENI reader; empty where IMDS is off or did not answer at start
   */
  ReportView(
      String node,
      Slot<IpamdSnapshot> ipamd,
      Optional<Instance> instance,
      Optional<Slot<InterfacesSnapshot>> interfaces) {
    this.node = node;
    this.ipamd = ipamd;
    this.instance = instance;
    this.interfaces = interfaces;
  }

  @Override
  public Optional<String> currentJson() {
    List<NetworkInterface> enis =
        interfaces.flatMap(Slot::latest).map(InterfacesSnapshot::interfaces).orElse(List.of());
    return ipamd.latest().map(s -> ReportWriter.write(report(node, s, instance, enis)));
  }

  /** The report contract's view of one snapshot, without ENIs from IMDS. */
  public static NodeReport report(String node, IpamdSnapshot s, Optional<Instance> instance) {
    return report(node, s, instance, List.of());
  }

  /** The report contract's view of one snapshot and the ENIs IMDS last listed. */
  public static NodeReport report(
      String node, IpamdSnapshot s, Optional<Instance> instance, List<NetworkInterface> enis) {
    return new NodeReport(
        node,
        s.collectedAt(),
        new IpamdStatus(
            s.up(), s.error(), s.values().processStartTimeSeconds(), s.scrapeDurationSeconds()),
        s.values().gauges(),
        s.values().counters(),
        s.values().latency(),
        instance,
        enis(s, enis));
  }

  /**
   * One entry per ENI that IMDS lists or ipamd counts IPs on: its subnet (IMDS), the IPs ipamd
   * assigned on it and, when IMDS gave its addresses too, how many of its pod IPs are free.
   */
  private static Map<String, Eni> enis(IpamdSnapshot s, List<NetworkInterface> imds) {
    Map<String, NetworkInterface> byId = new TreeMap<>();
    imds.forEach(i -> byId.put(i.id(), i));
    Map<String, Double> assigned = s.up() ? s.values().assignedPerEni() : Map.of();
    Set<String> ids = new TreeSet<>(byId.keySet());
    ids.addAll(assigned.keySet());
    Map<String, Eni> out = new TreeMap<>();
    for (String id : ids) {
      NetworkInterface i = byId.get(id);
      Double a = assigned.get(id);
      out.put(
          id,
          new Eni(
              Optional.ofNullable(i).map(NetworkInterface::subnetId),
              a == null ? OptionalDouble.empty() : OptionalDouble.of(a),
              a == null || i == null
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(Math.max(0, i.podIpCapacity() - a))));
    }
    return out;
  }
}
