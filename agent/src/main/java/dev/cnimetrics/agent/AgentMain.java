package dev.cnimetrics.agent;

import dev.cnimetrics.agent.cli.CoreOptions;
import dev.cnimetrics.agent.cli.ImdsOptions;
import dev.cnimetrics.agent.cli.IpamdOptions;
import dev.cnimetrics.agent.cli.ShimOptions;
import dev.cnimetrics.config.CommandLine;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Flag;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entry point. Exit codes: 0 done, 1 cannot start (e.g. port taken), 2 bad flag value. Errors a
 * user causes print one line on stderr, never a stack trace; stdout carries only what --once or
 * --help prints.
 */
public final class AgentMain {

  static final String PREFIX = "cni-metrics-agent: ";
  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  /** Each option group's flags, in the order --help lists them. */
  static final List<Flag> FLAGS =
      Stream.of(CoreOptions.FLAGS, IpamdOptions.FLAGS, ShimOptions.FLAGS, ImdsOptions.FLAGS)
          .flatMap(List::stream)
          .toList();

  private static final String SUMMARY =
      "Per-node agent: reads ipamd's metrics into a node report (/v1/report), maps pod interfaces"
          + " to host interfaces (pod_interface_shim) and serves Prometheus metrics (/metrics).";

  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    AgentConfig config;
    try {
      CommandLine cl = CommandLine.parse(FLAGS, args, env);
      if (cl.helpRequested()) {
        out.print(CommandLine.usage("cni-metrics-agent", SUMMARY, FLAGS));
        return 0;
      }
      if (cl.versionRequested()) {
        out.println("cni-metrics-agent " + BuildInfo.version());
        return 0;
      }
      config =
          new AgentConfig(
              CoreOptions.toConfig(cl),
              IpamdOptions.toConfig(cl),
              ShimOptions.toConfig(cl),
              ImdsOptions.toConfig(cl));
    } catch (ConfigException e) {
      err.println(PREFIX + e.getMessage());
      return 2;
    }
    // Before the first logger exists: slf4j-simple reads its level once.
    System.setProperty(LOG_LEVEL_PROPERTY, config.core().logLevel());
    try {
      if (config.core().once().isPresent()) {
        Agent.printOnce(config, config.core().once().get(), out);
        return 0;
      }
      Agent agent = Agent.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
      agent.awaitClosed();
      return 0;
    } catch (StartupException e) {
      err.println(PREFIX + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println(PREFIX + "--once: cannot write to stdout: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
