package dev.cnimetrics.aggregator;

import dev.cnimetrics.aggregator.config.AggregatorConfig;
import dev.cnimetrics.aggregator.config.ConfigParser;
import dev.cnimetrics.aggregator.kube.RbacCheck;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Durations;
import dev.cnimetrics.httpserver.BearerToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Entry point. Exit codes: 0 after {@code --cycles} cycles or a stop signal, 1 when it cannot start
 * (RBAC, port in use, no Kubernetes), 2 for a bad flag or environment value.
 */
public final class AggregatorMain {
  static final int OK = 0;
  static final int CANNOT_START = 1;
  static final int BAD_CONFIG = 2;

  private AggregatorMain() {}

  public static void main(String[] args) {
    JvmSettings.beforeAnything();
    System.exit(run(args, System.getenv(), System.out, System.err, null));
  }

  /**
   * @param kube a client to use instead of the one built from the environment (tests)
   */
  static int run(
      String[] args,
      Map<String, String> env,
      PrintStream stdout,
      PrintStream stderr,
      KubernetesClient kube) {
    JvmSettings.beforeAnything();
    AggregatorConfig config;
    try {
      Optional<AggregatorConfig> parsed = ConfigParser.parse(args, env, new PrintWriter(stdout));
      if (parsed.isEmpty()) {
        return OK;
      }
      config = parsed.get();
    } catch (ConfigException e) {
      stderr.println(e.getMessage());
      return BAD_CONFIG;
    }
    JvmSettings.fromConfig(config);
    Logger log = LoggerFactory.getLogger(AggregatorMain.class);
    KubernetesClient client = kube;
    try {
      String namespace = null;
      String agentNamespace = null;
      if (config.kubernetesMode()) {
        if (client == null) {
          client = new KubernetesClientBuilder().build();
        }
        namespace =
            config.kube().namespace() != null ? config.kube().namespace() : client.getNamespace();
        if (namespace == null) {
          stderr.println(
              "--namespace: expected a namespace (or POD_NAMESPACE, or a service account token"
                  + " mount), found none");
          return BAD_CONFIG;
        }
        agentNamespace =
            config.kube().agentNamespace() != null ? config.kube().agentNamespace() : namespace;
        List<String> missing =
            RbacCheck.missing(client, agentNamespace, namespace, config.kube().leaseName());
        if (!missing.isEmpty()) {
          stderr.println(RbacCheck.message(missing));
          return CANNOT_START;
        }
      }
      return serve(
          config,
          client,
          namespace,
          agentNamespace,
          DefaultCredentialsProvider.builder().build(),
          stdout,
          log);
    } catch (KubernetesClientException e) {
      stderr.println(
          "Kubernetes API: "
              + oneLine(e.getMessage())
              + "; expected a reachable API server (in-cluster service account or KUBECONFIG)");
      return CANNOT_START;
    } catch (BearerToken.InvalidTokenFile e) {
      stderr.println(e.getMessage());
      return CANNOT_START;
    } catch (IOException e) {
      stderr.println(
          "--listen "
              + config.listen().getHostString()
              + ":"
              + config.listen().getPort()
              + ": cannot listen ("
              + e.getMessage()
              + ")");
      return CANNOT_START;
    } finally {
      if (client != null && kube == null) {
        client.close();
      }
    }
  }

  private static int serve(
      AggregatorConfig config,
      KubernetesClient client,
      String namespace,
      String agentNamespace,
      AwsCredentialsProvider credentials,
      PrintStream stdout,
      Logger log)
      throws IOException, BearerToken.InvalidTokenFile {
    try (Aggregator aggregator =
        new Aggregator(config, client, namespace, agentNamespace, credentials, stdout)) {
      Thread main = Thread.currentThread();
      Thread hook =
          new Thread(
              () -> {
                aggregator.stop();
                main.interrupt();
              },
              "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      log.info(
          "started mode={} listen={}:{} interval={} sinks={} auth={} log_level={}",
          config.kubernetesMode()
              ? "kubernetes namespace=" + namespace + " agent_namespace=" + agentNamespace
              : "static agents=" + config.kube().staticAgents().size(),
          config.listen().getHostString(),
          aggregator.httpPort(),
          Durations.format(config.cycle().interval()),
          config.publish().sinks(),
          config.authTokenFile() == null ? "none" : "bearer-token",
          config.logLevel());
      try {
        aggregator.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running.
      }
      return OK;
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "no answer";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
