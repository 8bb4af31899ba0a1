package dev.cnimetrics.agent;

import dev.cnimetrics.agent.cli.CoreOptions;
import dev.cnimetrics.agent.cli.ImdsOptions;
import dev.cnimetrics.agent.cli.IpamdOptions;
import dev.cnimetrics.agent.cli.ShimOptions;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * The agent's command line. Each collector contributes its flags as one option group (a picocli
 * mixin with a {@code toConfig()} that validates them); every flag can also come from the
 * environment (see {@link dev.cnimetrics.agent.cli.EnvDefaults}).
 */
@Command(
    name = "cni-metrics-agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentCommand.Version.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description =
        "Per-node agent: reads ipamd's metrics into a node report (/v1/report), maps pod"
            + " interfaces to host interfaces (pod_interface_shim) and serves Prometheus metrics"
            + " (/metrics).")
final class AgentCommand implements Callable<Integer> {

  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  @Mixin private CoreOptions core;
  @Mixin private IpamdOptions ipamd;
  @Mixin private ShimOptions shim;
  @Mixin private ImdsOptions imds;

  private final OutputStream stdout;

  AgentCommand(OutputStream stdout) {
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws Exception {
    AgentConfig config =
        new AgentConfig(core.toConfig(), ipamd.toConfig(), shim.toConfig(), imds.toConfig());
    // Before the first logger exists: slf4j-simple reads its level once.
    System.setProperty(LOG_LEVEL_PROPERTY, config.core().logLevel());
    if (config.core().once().isPresent()) {
      Agent.printOnce(config, config.core().once().get(), stdout);
      return 0;
    }
    Agent agent = Agent.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
    agent.awaitClosed();
    return 0;
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cni-metrics-agent " + BuildInfo.version()};
    }
  }
}
