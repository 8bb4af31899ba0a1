package dev.cnimetrics.agent.report;

import dev.cnimetrics.agent.imds.InstanceMetadata;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import java.util.Optional;

/**
 * The node report of {@code GET /v1/report} (version 1, see README "Node report"): the node, the
 * latest ipamd snapshot and the instance metadata when IMDS answered.
 */
public record NodeReport(String node, IpamdSnapshot ipamd, Optional<InstanceMetadata> instance) {

  public static final int VERSION = 1;
}
