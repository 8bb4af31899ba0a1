package dev.cnimetrics.agent.testing;

import dev.cnimetrics.agent.cli.ShimOptions.ShimConfig;
import dev.cnimetrics.cri.config.CriConfig;
import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.netns.NetnsMethod;
import java.nio.file.Path;

/** Shim configurations for in-process agents. */
public final class ShimConfigs {

  /** {@code --cri-endpoint=none}: no shim collector at all. */
  public static final ShimConfig DISABLED = endpoint(new CriEndpoint.Disabled());

  private ShimConfigs() {}

  /** A socket path where nothing listens or exists, with the default netns settings. */
  public static ShimConfig socket(Path socket) {
    return endpoint(new CriEndpoint.Unix(socket));
  }

  private static ShimConfig endpoint(CriEndpoint endpoint) {
    return new ShimConfig(
        new CriConfig(
            endpoint,
            CriConfig.DEFAULT_SOCKETS,
            CriConfig.DEFAULT_NETNS_DIR,
            CriConfig.DEFAULT_CALL_TIMEOUT),
        NetnsMethod.NETLINK);
  }
}
