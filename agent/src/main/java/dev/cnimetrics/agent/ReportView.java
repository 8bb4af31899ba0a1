package dev.cnimetrics.agent;

import dev.cnimetrics.agent.collect.RefreshLoop.Slot;
import dev.cnimetrics.agent.http.AgentRoutes.ReportSource;
import dev.cnimetrics.agent.imds.InstanceMetadata;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.report.NodeReport;
import dev.cnimetrics.agent.report.NodeReportJson;
import java.util.Optional;

/** The node report of the latest ipamd snapshot, as {@code /v1/report} and --once serve it. */
final class ReportView implements ReportSource {

  private final String node;
  private final Slot<IpamdSnapshot> ipamd;
  private final Optional<InstanceMetadata> instance;

  ReportView(String node, Slot<IpamdSnapshot> ipamd, Optional<InstanceMetadata> instance) {
    this.node = node;
    this.ipamd = ipamd;
    this.instance = instance;
  }

  @Override
  public Optional<String> currentJson() {
    return ipamd.latest().map(s -> NodeReportJson.write(new NodeReport(node, s, instance)));
  }
}
