package dev.cnimetrics.cri;

/**
 * Receives every counted failure. The agent turns these into {@code
 * cni_metrics_agent_resolution_errors_total{reason}}; the cri module itself has no metrics
 * dependency.
 */
@FunctionalInterface
public interface CriStats {

  /** Counts nothing; for tools and tests that do not care. */
  CriStats NONE = reason -> {};

  void failed(CriErrorReason reason);
}
