package dev.cnimetrics.agent;

import dev.cnimetrics.agent.cli.EnvDefaults;
import dev.cnimetrics.config.ConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point. Exit codes: 0 done, 1 cannot start (e.g. port taken), 2 bad flag value. Errors a
 * user causes print one line on stderr, never a stack trace; stdout carries only what --once
 * prints.
 */
public final class AgentMain {

  static final String PREFIX = "cni-metrics-agent: ";

  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new AgentCommand(out));
    cli.setDefaultValueProvider(new EnvDefaults(env));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println(PREFIX + e.getMessage().replaceAll("[\\r\\n]+", " ") + " (see --help)");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          if (e instanceof ConfigException) {
            err.println(PREFIX + e.getMessage());
            return 2;
          }
          if (e instanceof StartupException) {
            err.println(PREFIX + e.getMessage());
            return 1;
          }
          throw e;
        });
    return cli.execute(args);
  }
}
