package dev.cnimetrics.aggregator.config;

import java.util.List;

/**
 * Every command-line flag: its default and the environment variables that may set it instead, in
 * order of precedence (the project's {@code CNI_METRICS_*} name first, then the upstream
 * cni-metrics-helper name where one exists, so existing Deployments keep working).
 */
enum Flag {
  INTERVAL(
      "--interval",
      "30s",
      "time between cycles (in METRIC_UPDATE_INTERVAL, as upstream, a bare number means seconds)",
      "METRIC_UPDATE_INTERVAL"),
  CYCLE_DEADLINE(
      "--cycle-deadline", "", "a cycle's scrape must end by then (default: 2/3 of --interval)"),
  SCRAPE_TIMEOUT("--scrape-timeout", "5s", "time allowed for one agent's report"),
  SCRAPE_CONCURRENCY("--scrape-concurrency", "256", "agents scraped at the same time"),
  MAX_REPORT_BYTES("--max-report-bytes", "262144", "largest report accepted from an agent"),
  MAX_REPORT_AGE(
      "--max-report-age", "90s", "how long a silent node's last report still counts for gauges"),
  MAX_COUNTER_INCREASE(
      "--max-counter-increase",
      "1000000",
      "largest increase of one counter on one node in one cycle; above it the report is not used"),
  SINKS("--sinks", "cloudwatch,prometheus", "comma list of cloudwatch, prometheus, emf"),
  LISTEN("--listen", "0.0.0.0:61681", "address of /metrics, /healthz, /readyz"),
  AUTH_TOKEN_FILE(
      "--auth-token-file",
      "",
      "file holding the bearer token sent to the agents and required on /metrics (a mounted"
          + " Secret, read again when it changes; default: none)"),
  CLUSTER_ID(
      "--cluster-id",
      "",
      "CLUSTER_ID dimension value (default: EC2 tags of a node)",
      "AWS_CLUSTER_ID"),
  REGION("--region", "", "AWS region (default: from agent reports, then IMDS)", "AWS_REGION"),
  CLOUDWATCH_ENDPOINT("--cloudwatch-endpoint", "", "CloudWatch endpoint override (VPC endpoint)"),
  CLOUDWATCH_NAMESPACE("--cloudwatch-namespace", "Kubernetes", "CloudWatch namespace"),
  CLOUDWATCH_BACKLOG(
      "--cloudwatch-backlog", "120", "cycles kept for replay while CloudWatch fails"),
  CLOUDWATCH_TIMEOUT("--cloudwatch-timeout", "10s", "time allowed for one PutMetricData call"),
  EXTRA_DIMENSIONS(
      "--extra-dimensions", "", "extra dimension sets: instance-type, availability-zone"),
  PER_NODE_GAUGES(
      "--per-node-gauges",
      "off",
      "publish the gauges of at most N nodes (fewest free IPs first) with dimensions NodeName and"
          + " InstanceType: off or 1 to 100 (each node adds about 9 billed metrics)"),
  SUBNET_INTERVAL(
      "--subnet-interval",
      "5m",
      "how often EC2 DescribeSubnets is asked for the free IPs of the nodes' subnets, or off"),
  EC2_ENDPOINT("--ec2-endpoint", "", "EC2 endpoint override for DescribeTags and DescribeSubnets"),
  IMDS("--imds", "true", "read the region from IMDS when nothing else gives it"),
  IMDS_ENDPOINT("--imds-endpoint", "http://169.254.169.254", "IMDS base URL"),
  NAMESPACE(
      "--namespace",
      "",
      "namespace of the lease, and of the agent pods unless --agent-namespace (default: own"
          + " namespace)",
      "POD_NAMESPACE"),
  AGENT_NAMESPACE(
      "--agent-namespace",
      "",
      "namespace of the agent pods when it is not the aggregator's own (default: --namespace)"),
  AGENT_SELECTOR(
      "--agent-selector",
      "app.kubernetes.io/name=cni-metrics-agent",
      "label selector of the agent pods"),
  AGENT_PORT("--agent-port", "61682", "port of the agents' /v1/report"),
  AGENTS("--agents", "", "static agents host:port,... (no Kubernetes, no leader election)"),
  LEASE_NAME("--lease-name", "cni-metrics-aggregator", "name of the leader election Lease"),
  LEASE_DURATION("--lease-duration", "15s", "leader election lease duration"),
  RENEW_DEADLINE("--renew-deadline", "10s", "a leader that cannot renew by then stops"),
  RETRY_PERIOD("--retry-period", "2s", "leader election retry period"),
  IDENTITY("--identity", "", "leader election identity (default: hostname)", "POD_NAME"),
  CYCLES("--cycles", "0", "stop after this many published cycles (0: run forever)"),
  LOG_LEVEL(
      "--log-level",
      "info",
      "error, warn, info, debug or trace (upstream's FATAL counts as error)",
      "AWS_VPC_K8S_CNI_LOGLEVEL");

  final String name;
  final String defaultValue;
  final String description;
  final List<String> envNames;

  Flag(String name, String defaultValue, String description, String... upstreamEnv) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.description = description;
    String own =
        "CNI_METRICS_" + name.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    this.envNames =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(own), java.util.Arrays.stream(upstreamEnv))
            .toList();
  }
}
