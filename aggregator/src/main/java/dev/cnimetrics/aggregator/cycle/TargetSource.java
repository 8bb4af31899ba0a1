package dev.cnimetrics.aggregator.cycle;

import dev.cnimetrics.aggregator.scrape.AgentTarget;
import java.util.List;

/** The agents expected this cycle: static addresses, or the agent pods an informer sees. */
public interface TargetSource {
  List<AgentTarget> targets();

  /** Whether the list can be trusted yet (an informer has synced). */
  default boolean ready() {
    return true;
  }
}
