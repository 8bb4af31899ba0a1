package dev.cnimetrics.aggregator;

import dev.cnimetrics.aggregator.aggregate.CycleAggregator;
import dev.cnimetrics.aggregator.aws.AwsClients;
import dev.cnimetrics.aggregator.aws.ClusterIdentity;
import dev.cnimetrics.aggregator.aws.Ec2InstanceTags;
import dev.cnimetrics.aggregator.aws.ImdsRegion;
import dev.cnimetrics.aggregator.aws.RegionalClient;
import dev.cnimetrics.aggregator.cloudwatch.CloudWatchSink;
import dev.cnimetrics.aggregator.config.AggregatorConfig;
import dev.cnimetrics.aggregator.config.AggregatorConfig.SinkKind;
import dev.cnimetrics.aggregator.cycle.CycleLoop;
import dev.cnimetrics.aggregator.cycle.CycleRunner;
import dev.cnimetrics.aggregator.cycle.Leadership;
import dev.cnimetrics.aggregator.cycle.StaticTargets;
import dev.cnimetrics.aggregator.cycle.TargetSource;
import dev.cnimetrics.aggregator.http.HttpEndpoints;
import dev.cnimetrics.aggregator.kube.LeaseLeadership;
import dev.cnimetrics.aggregator.kube.PodTargets;
import dev.cnimetrics.aggregator.metrics.AggregatorMetrics;
import dev.cnimetrics.aggregator.scrape.ReportScraper;
import dev.cnimetrics.aggregator.sink.EmfSink;
import dev.cnimetrics.aggregator.sink.PrometheusSink;
import dev.cnimetrics.aggregator.sink.Sink;
import dev.cnimetrics.aggregator.subnet.Ec2Subnets;
import dev.cnimetrics.aggregator.subnet.SubnetCapacity;
import dev.cnimetrics.httpserver.BearerToken;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** One aggregator instance, wired from its configuration; {@link #run()} blocks until done. */
public final class Aggregator implements AutoCloseable {
  private final AggregatorMetrics metrics = new AggregatorMetrics();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final HttpEndpoints http;
  private final CycleLoop loop;
  private final CycleRunner runner;

  /**
   * @param kube null in static mode ({@code --agents})
   * @param namespace the Lease's namespace (Kubernetes mode)
   * @param agentNamespace the agent pods' namespace (Kubernetes mode)
   */
  public Aggregator(
      AggregatorConfig config,
      KubernetesClient kube,
      String namespace,
      String agentNamespace,
      AwsCredentialsProvider credentials,
      PrintStream stdout)
      throws IOException, BearerToken.InvalidTokenFile {
    Optional<BearerToken> token =
        config.authTokenFile() == null
            ? Optional.empty()
            : Optional.of(BearerToken.fromFile("--auth-token-file", config.authTokenFile()));
    if (token.isPresent() && config.authAcceptTokenFile() != null) {
      token.get().alsoAccepting("--auth-accept-token-file", config.authAcceptTokenFile());
    }
    ExecutorService scrapePool =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "scrape");
              t.setDaemon(true);
              return t;
            });
    resources.add(scrapePool::shutdownNow);
    ReportScraper scraper =
        new ReportScraper(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.scrape().scrapeTimeout())
                .executor(scrapePool)
                .build(),
            config.scrape().scrapeTimeout(),
            config.scrape().scrapeConcurrency(),
            config.scrape().maxReportBytes(),
            token);
    ClusterIdentity identity =
        new ClusterIdentity(
            config.aws().clusterId(),
            config.aws().region(),
            new Ec2InstanceTags(
                config.aws().ec2Endpoint(), credentials, config.publish().cloudWatchTimeout()),
            config.aws().imds() ? new ImdsRegion(config.aws().imdsEndpoint()) : Optional::empty);
    List<Sink> sinks = sinks(config, identity, credentials, stdout);
    TargetSource targets;
    Leadership leadership;
    LeaseLeadership lease = null;
    if (config.kubernetesMode()) {
      PodTargets pods =
          new PodTargets(
              kube, agentNamespace, config.kube().agentSelector(), config.kube().agentPort());
      resources.add(pods);
      targets = pods;
      lease =
          new LeaseLeadership(
              kube,
              new LeaseLeadership.Settings(
                  namespace,
                  config.kube().leaseName(),
                  config.kube().identity() != null ? config.kube().identity() : hostname(),
                  config.kube().leaseDuration(),
                  config.kube().renewDeadline(),
                  config.kube().retryPeriod(),
                  true));
      resources.add(0, lease);
      leadership = lease;
    } else {
      targets = new StaticTargets(config.kube().staticAgents());
      leadership = Leadership.ALWAYS;
      metrics.leader(true);
    }
    runner =
        new CycleRunner(
            targets,
            scraper,
            new CycleAggregator(config.cycle().maxReportAge(), config.cycle().maxCounterIncrease()),
            identity,
            sinks,
            config.publish().extraDimensions(),
            metrics,
            leadership,
            config.cycle().cycleDeadline(),
            subnetCapacity(config, credentials),
            config.publish().perNodeGauges());
    if (lease != null) {
      // Joins the election only now that the runner it tells about a lost lease exists.
      lease.start(() -> metrics.leader(true), runner::leadershipLost);
    }
    loop =
        new CycleLoop(
            runner, config.cycle().interval(), Clock.systemUTC(), config.cycle().cycles());
    try {
      http = new HttpEndpoints(config.listen(), metrics, targets::ready, token);
    } catch (IOException e) {
      closeResources();
      throw e;
    }
  }

  private List<Sink> sinks(
      AggregatorConfig config,
      ClusterIdentity identity,
      AwsCredentialsProvider credentials,
      PrintStream stdout) {
    List<Sink> sinks = new ArrayList<>();
    if (config.publish().sinks().contains(SinkKind.CLOUDWATCH)) {
      RegionalClient<CloudWatchClient> cloudWatch =
          new RegionalClient<>(
              identity::region,
              region ->
                  AwsClients.cloudWatch(
                      region,
                      config.publish().cloudWatchEndpoint(),
                      credentials,
                      config.publish().cloudWatchTimeout()));
      resources.add(cloudWatch);
      sinks.add(
          new CloudWatchSink(
              cloudWatch,
              config.publish().cloudWatchNamespace(),
              config.publish().cloudWatchBacklog(),
              metrics));
    }
    if (config.publish().sinks().contains(SinkKind.EMF)) {
      sinks.add(new EmfSink(stdout, config.publish().cloudWatchNamespace()));
    }
    if (config.publish().sinks().contains(SinkKind.PROMETHEUS)) {
      sinks.add(new PrometheusSink(metrics));
    }
    return sinks;
  }

  /**
   * EC2 DescribeSubnets on one daemon thread of its own, so a slow EC2 never holds a cycle; empty
   * with {@code --subnet-interval=off}.
   */
  private Optional<SubnetCapacity> subnetCapacity(
      AggregatorConfig config, AwsCredentialsProvider credentials) {
    if (config.aws().subnetInterval() == null) {
      return Optional.empty();
    }
    Ec2Subnets ec2 =
        new Ec2Subnets(
            config.aws().ec2Endpoint(), credentials, config.publish().cloudWatchTimeout());
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ec2-subnets");
              t.setDaemon(true);
              return t;
            });
    resources.add(pool::shutdownNow);
    resources.add(ec2);
    return Optional.of(
        new SubnetCapacity(ec2, config.aws().subnetInterval(), pool, metrics::describeSubnets));
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "cni-metrics-aggregator-" + ProcessHandle.current().pid();
    }
  }

  public int httpPort() {
    return http.port();
  }

  /** Runs cycles until {@code --cycles} are published or {@link #stop()}. */
  public void run() throws InterruptedException {
    loop.run();
  }

  public void stop() {
    loop.stop();
  }

  @Override
  public void close() {
    loop.stop();
    http.close();
    closeResources();
  }

  private void closeResources() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // Closing on the way out; nothing useful left to do with the failure.
      }
    }
  }
}
