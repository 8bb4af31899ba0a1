package dev.cnimetrics.aggregator.cycle;

import dev.cnimetrics.aggregator.scrape.AgentTarget;
import java.net.InetSocketAddress;
import java.util.List;

/** Fixed agents from {@code --agents}; each is tracked under its host:port. */
public final class StaticTargets implements TargetSource {
  private final List<AgentTarget> targets;

  public StaticTargets(List<InetSocketAddress> agents) {
    this.targets =
        agents.stream()
            .map(
                a ->
                    new AgentTarget(
                        a.getHostString() + ":" + a.getPort(), a.getHostString(), a.getPort()))
            .toList();
  }

  @Override
  public List<AgentTarget> targets() {
    return targets;
  }
}
