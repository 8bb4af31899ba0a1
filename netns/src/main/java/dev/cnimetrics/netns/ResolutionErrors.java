package dev.cnimetrics.netns;

/**
 * Counts resolution failures by reason; the agent turns it into {@code
 * cni_metrics_agent_resolution_errors_total{reason}}. Called once per failed pod (and once per
 * failed host dump) on the resolving thread; implementations must be cheap and must not throw.
 */
@FunctionalInterface
public interface ResolutionErrors {
  ResolutionErrors NONE = reason -> {};

  void count(NetnsErrorReason reason);
}
