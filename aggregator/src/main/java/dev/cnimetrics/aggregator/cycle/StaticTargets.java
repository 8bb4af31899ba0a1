package dev.cnimetrics.aggregator.cycle;

import dev.cnimetrics.aggregator.scrape.AgentTarget;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fixed agents from {@code --agents}; each is tracked under its host:port. */
public final class StaticTargets implements TargetSource {
  private static final Logger LOG = LoggerFactory.getLogger(StaticTargets.class);
  private final List<AgentTarget> targets;

  public StaticTargets(List<InetSocketAddress> agents) {
    List<AgentTarget> all =
        agents.stream()
            .map(
                a ->
                    new AgentTarget(
                        a.getHostString() + ":" + a.getPort(), a.getHostString(), a.getPort()))
            .toList();
    this.targets = AgentTarget.distinct(all);
    if (targets.size() < all.size()) {
      LOG.warn(
          "--agents lists {} agent(s) more than once; each is scraped once",
          all.size() - targets.size());
    }
  }

  @Override
  public List<AgentTarget> targets() {
    return targets;
  }
}
