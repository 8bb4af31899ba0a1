package dev.cnimetrics.agent;

import dev.cnimetrics.agent.collect.RefreshLoop.Slot;
import dev.cnimetrics.agent.http.AgentRoutes.ReportSource;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.report.Instance;
import dev.cnimetrics.report.IpamdStatus;
import dev.cnimetrics.report.NodeReport;
import dev.cnimetrics.report.ReportWriter;
import java.util.Optional;

/** The node report of the latest ipamd snapshot, as {@code /v1/report} and --once serve it. */
public final class ReportView implements ReportSource {

  private final String node;
  private final Slot<IpamdSnapshot> ipamd;
  private final Optional<Instance> instance;

  ReportView(String node, Slot<IpamdSnapshot> ipamd, Optional<Instance> instance) {
    this.node = node;
    this.ipamd = ipamd;
    this.instance = instance;
  }

  @Override
  public Optional<String> currentJson() {
    return ipamd.latest().map(s -> ReportWriter.write(report(node, s, instance)));
  }

  /** The report contract's view of one snapshot. */
  public static NodeReport report(String node, IpamdSnapshot s, Optional<Instance> instance) {
    return new NodeReport(
        node,
        s.collectedAt(),
        new IpamdStatus(
            s.up(), s.error(), s.values().processStartTimeSeconds(), s.scrapeDurationSeconds()),
        s.values().gauges(),
        s.values().counters(),
        s.values().latency(),
        instance);
  }
}
