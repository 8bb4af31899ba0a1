package dev.cnimetrics.aggregator.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.config.AggregatorConfig.SinkKind;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Flag;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
  private static AggregatorConfig parse(Map<String, String> env, String... args)
      throws ConfigException {
    return ConfigParser.parse(args, env, new PrintWriter(new StringWriter())).orElseThrow();
  }

  private static String error(Map<String, String> env, String... args) {
    return assertThrows(ConfigException.class, () -> parse(env, args)).getMessage();
  }

  @Test
  void defaults() throws ConfigException {
    AggregatorConfig c = parse(Map.of());
    assertEquals(Duration.ofSeconds(30), c.cycle().interval());
    assertEquals(Duration.ofSeconds(20), c.cycle().cycleDeadline());
    assertEquals(EnumSet.of(SinkKind.CLOUDWATCH, SinkKind.PROMETHEUS), c.publish().sinks());
    assertEquals("0.0.0.0", c.listen().getHostString());
    assertEquals(61681, c.listen().getPort());
    assertEquals("Kubernetes", c.publish().cloudWatchNamespace());
    assertEquals("app.kubernetes.io/name=cni-metrics-agent", c.kube().agentSelector());
    assertTrue(c.kubernetesMode());
    assertEquals(0, c.cycle().cycles());
    assertEquals("info", c.logLevel());
  }

  @Test
  void logLevelTakesTheUpstreamVariableAndItsSpelling() throws ConfigException {
    assertEquals("debug", parse(Map.of("AWS_VPC_K8S_CNI_LOGLEVEL", "DEBUG")).logLevel());
    assertEquals("error", parse(Map.of("AWS_VPC_K8S_CNI_LOGLEVEL", "FATAL")).logLevel());
    assertEquals("warn", parse(Map.of("CNI_METRICS_LOG_LEVEL", "warn")).logLevel());
    assertEquals(
        "trace",
        parse(Map.of("AWS_VPC_K8S_CNI_LOGLEVEL", "INFO"), "--log-level", "trace").logLevel());
    assertEquals(
        "AWS_VPC_K8S_CNI_LOGLEVEL: expected error, warn, info, debug or trace, found \"VERBOSE\"",
        error(Map.of("AWS_VPC_K8S_CNI_LOGLEVEL", "VERBOSE")));
    assertEquals(
        "--log-level: expected error, warn, info, debug or trace, found \"loud\"",
        error(Map.of(), "--log-level", "loud"));
  }

  @Test
  void upstreamEnvironmentKeepsWorking() throws ConfigException {
    AggregatorConfig c =
        parse(
            Map.of(
                "USE_CLOUDWATCH", "false",
                "USE_PROMETHEUS", "true",
                "AWS_CLUSTER_ID", "prod",
                "AWS_REGION", "eu-west-1",
                "METRIC_UPDATE_INTERVAL", "60"));
    assertEquals(EnumSet.of(SinkKind.PROMETHEUS), c.publish().sinks());
    assertEquals("prod", c.aws().clusterId());
    assertEquals("eu-west-1", c.aws().region());
    assertEquals(Duration.ofSeconds(60), c.cycle().interval());
    assertEquals(
        EnumSet.of(SinkKind.CLOUDWATCH),
        parse(Map.of("USE_PROMETHEUS", "false")).publish().sinks());
  }

  @Test
  void flagBeatsOwnEnvironmentBeatsUpstreamEnvironment() throws ConfigException {
    Map<String, String> env = Map.of("CNI_METRICS_INTERVAL", "10s", "METRIC_UPDATE_INTERVAL", "60");
    assertEquals(Duration.ofSeconds(10), parse(env).cycle().interval());
    assertEquals(Duration.ofSeconds(5), parse(env, "--interval", "5s").cycle().interval());
    assertEquals(
        EnumSet.of(SinkKind.EMF),
        parse(Map.of("USE_CLOUDWATCH", "true"), "--sinks", "emf").publish().sinks());
  }

  @Test
  void staticAgentsAndCycles() throws ConfigException {
    AggregatorConfig c =
        parse(
            Map.of(),
            "--agents",
            "127.0.0.1:9001,localhost:9002",
            "--cycles",
            "3",
            "--extra-dimensions",
            "instance-type,availability-zone");
    assertEquals(2, c.kube().staticAgents().size());
    assertEquals(9002, c.kube().staticAgents().get(1).getPort());
    assertEquals(3, c.cycle().cycles());
    assertEquals(
        List.of(ExtraDimension.INSTANCE_TYPE, ExtraDimension.AVAILABILITY_ZONE),
        c.publish().extraDimensions());
  }

  @Test
  void agentsMayLiveInAnotherNamespaceThanTheLease() throws ConfigException {
    AggregatorConfig own = parse(Map.of("POD_NAMESPACE", "cni-metrics-aggregator"));
    assertEquals("cni-metrics-aggregator", own.kube().namespace());
    assertEquals(
        null, own.kube().agentNamespace(), "unset: the agents are in the Lease's namespace");
    AggregatorConfig split =
        parse(
            Map.of("POD_NAMESPACE", "cni-metrics-aggregator"), "--agent-namespace", "cni-metrics");
    assertEquals("cni-metrics-aggregator", split.kube().namespace());
    assertEquals("cni-metrics", split.kube().agentNamespace());
    assertEquals(
        "cni-metrics",
        parse(Map.of("CNI_METRICS_AGENT_NAMESPACE", "cni-metrics")).kube().agentNamespace());
  }

  @Test
  void aNamespaceThatCannotExistIsNamed() {
    String expected =
        ": expected a namespace name (at most 63 lower-case letters, digits and '-', starting and"
            + " ending with a letter or digit), found ";
    assertEquals(
        "--agent-namespace" + expected + "\"CNI_Metrics\"",
        error(Map.of(), "--agent-namespace", "CNI_Metrics"));
    assertEquals(
        "CNI_METRICS_AGENT_NAMESPACE" + expected + "\"cni-metrics/agents\"",
        error(Map.of("CNI_METRICS_AGENT_NAMESPACE", "cni-metrics/agents")));
    assertEquals(
        "--namespace" + expected + "\"-cni-metrics\"",
        error(Map.of(), "--namespace", "-cni-metrics"));
    String tooLong = "a".repeat(64);
    assertEquals(
        "--agent-namespace" + expected + "\"" + tooLong + "\"",
        error(Map.of(), "--agent-namespace", tooLong));
    assertDoesNotThrow(() -> parse(Map.of(), "--agent-namespace", "a".repeat(63)));
  }

  @Test
  void subnetCapacityIsOnEveryFiveMinutesAndPerNodeGaugesAreOff() throws ConfigException {
    AggregatorConfig c = parse(Map.of());
    assertEquals(java.time.Duration.ofMinutes(5), c.aws().subnetInterval());
    assertEquals(0, c.publish().perNodeGauges());
    AggregatorConfig set =
        parse(Map.of("CNI_METRICS_PER_NODE_GAUGES", "20"), "--subnet-interval", "off");
    assertEquals(null, set.aws().subnetInterval());
    assertEquals(20, set.publish().perNodeGauges());
  }

  @Test
  void aPerNodeCapOrSubnetIntervalOutOfRangeIsNamed() {
    assertEquals(
        "--per-node-gauges: expected off or a node count from 1 to 100, found \"500\"",
        error(Map.of(), "--per-node-gauges", "500"));
    assertEquals(
        "CNI_METRICS_PER_NODE_GAUGES: expected off or a node count from 1 to 100, found \"all\"",
        error(Map.of("CNI_METRICS_PER_NODE_GAUGES", "all")));
    assertEquals(
        "--subnet-interval: expected off or a duration of at least 1m such as 5m, found \"30s\"",
        error(Map.of(), "--subnet-interval", "30s"));
  }

  @Test
  void badValuesNameFlagExpectationAndValue() {
    Map<String, String> none = Map.of();
    assertEquals(
        "--interval: expected a positive duration such as 30s, 2m or 500ms, found \"soon\"",
        error(none, "--interval", "soon"));
    assertEquals(
        "METRIC_UPDATE_INTERVAL: expected a positive duration such as 30s, 2m or 500ms (a bare number is"
            + " seconds), found \"-5\"",
        error(Map.of("METRIC_UPDATE_INTERVAL", "-5")));
    assertEquals(
        "--cycle-deadline: expected a duration below --interval (30s), found \"30s\"",
        error(none, "--cycle-deadline", "30s"));
    assertEquals(
        "--scrape-timeout: expected a duration not above the cycle deadline (20s), found \"25s\"",
        error(none, "--scrape-timeout", "25s"));
    assertEquals(
        "--sinks: expected a comma list of cloudwatch, prometheus, emf, found \"cloudwatch,statsd\"",
        error(none, "--sinks", "cloudwatch,statsd"));
    assertEquals(
        "USE_PROMETHEUS: expected true or false, found \"maybe\"",
        error(Map.of("USE_PROMETHEUS", "maybe")));
    assertEquals(
        "--listen: expected host:port with a port from 0 to 65535, found \"61681\"",
        error(none, "--listen", "61681"));
    assertEquals(
        "--agents: expected host:port with a port from 0 to 65535, found \"10.0.0.1:99999\"",
        error(none, "--agents", "127.0.0.1:1,10.0.0.1:99999"));
    assertEquals(
        "--scrape-concurrency: expected a whole number from 1 to 10000, found \"0\"",
        error(none, "--scrape-concurrency", "0"));
    assertEquals(
        "--cycles: expected a whole number from 0 to 9223372036854775807, found \"two\"",
        error(none, "--cycles", "two"));
    assertEquals(
        "--cloudwatch-endpoint: expected an http:// or https:// URL such as"
            + " https://monitoring.us-east-1.amazonaws.com, found \"monitoring\"",
        error(none, "--cloudwatch-endpoint", "monitoring"));
    assertEquals(
        "--extra-dimensions: expected a comma list of instance-type, availability-zone, found \"node\"",
        error(none, "--extra-dimensions", "node"));
    assertEquals(
        "--renew-deadline: expected a duration below --lease-duration (15s), found \"15s\"",
        error(none, "--renew-deadline", "15s"));
    assertEquals(
        "command line: expected a flag that --help lists, found \"--bogus\"",
        error(none, "--bogus"));
    assertEquals(
        "--auth-accept-token-file: expected it only together with --auth-token-file, found"
            + " \"/run/accept-token\"",
        error(none, "--auth-accept-token-file=/run/accept-token"));
  }

  @Test
  void helpListsEveryFlagWithItsEnvironmentVariables() throws ConfigException {
    StringWriter out = new StringWriter();
    assertTrue(
        ConfigParser.parse(new String[] {"--help"}, Map.of(), new PrintWriter(out)).isEmpty());
    for (Flag f : AggregatorFlags.ALL) {
      assertTrue(out.toString().contains("  " + f.name() + "=" + f.label() + "\n"), f.name());
    }
    assertTrue(
        out.toString()
            .replaceAll("\\s+", " ")
            .contains("Env CNI_METRICS_INTERVAL, METRIC_UPDATE_INTERVAL. Default 30s."));
  }
}
