package dev.cnimetrics.aggregator.config;

import dev.cnimetrics.config.Flag;
import java.util.List;

/**
 * Every flag of the aggregator. Where the upstream cni-metrics-helper has a variable for the same
 * setting it is read after the project's own {@code CNI_METRICS_*} one, so existing Deployments
 * keep working.
 */
final class AggregatorFlags {
  static final Flag INTERVAL =
      Flag.of(
              "--interval",
              "DURATION",
              "30s",
              "Time between cycles (in METRIC_UPDATE_INTERVAL, as upstream, a bare number means seconds).")
          .orEnv("METRIC_UPDATE_INTERVAL");
  static final Flag CYCLE_DEADLINE =
      Flag.of(
          "--cycle-deadline",
          "DURATION",
          null,
          "A cycle's scrape must end by then (default: 2/3 of --interval).");
  static final Flag SCRAPE_TIMEOUT =
      Flag.of("--scrape-timeout", "DURATION", "5s", "Time allowed for one agent's report.");
  static final Flag SCRAPE_CONCURRENCY =
      Flag.of("--scrape-concurrency", "N", "256", "Agents scraped at the same time.");
  static final Flag MAX_REPORT_BYTES =
      Flag.of("--max-report-bytes", "BYTES", "262144", "Largest report accepted from an agent.");
  static final Flag MAX_REPORT_AGE =
      Flag.of(
          "--max-report-age",
          "DURATION",
          "90s",
          "How long a silent node's last report still counts for gauges.");
  static final Flag MAX_COUNTER_INCREASE =
      Flag.of(
          "--max-counter-increase",
          "N",
          "1000000",
          "Largest increase of one counter on one node in one cycle; above it the report is not used.");
  static final Flag SINKS =
      Flag.of(
          "--sinks", "LIST", "cloudwatch,prometheus", "Comma list of cloudwatch, prometheus, emf.");
  static final Flag LISTEN =
      Flag.of("--listen", "HOST:PORT", "0.0.0.0:61681", "Address of /metrics, /healthz, /readyz.");
  static final Flag AUTH_TOKEN_FILE =
      Flag.of(
          "--auth-token-file",
          "FILE",
          null,
          "File holding the bearer token sent to the agents and required on /metrics (a mounted Secret, read again when it changes; default: none).");
  static final Flag AUTH_ACCEPT_TOKEN_FILE =
      Flag.of(
          "--auth-accept-token-file",
          "FILE",
          null,
          "With --auth-token-file: /metrics also accepts the token in this file, for a rotation"
              + " without refusals (the Secret's second key; read again when it changes; an absent"
              + " file accepts nothing more).");
  static final Flag CLUSTER_ID =
      Flag.of(
              "--cluster-id",
              "ID",
              null,
              "CLUSTER_ID dimension value (default: EC2 tags of a node).")
          .orEnv("AWS_CLUSTER_ID");
  static final Flag REGION =
      Flag.of("--region", "REGION", null, "AWS region (default: from agent reports, then IMDS).")
          .orEnv("AWS_REGION");
  static final Flag CLOUDWATCH_ENDPOINT =
      Flag.of("--cloudwatch-endpoint", "URL", null, "CloudWatch endpoint override (VPC endpoint).");
  static final Flag CLOUDWATCH_NAMESPACE =
      Flag.of("--cloudwatch-namespace", "NAME", "Kubernetes", "CloudWatch namespace.");
  static final Flag CLOUDWATCH_BACKLOG =
      Flag.of("--cloudwatch-backlog", "N", "120", "Cycles kept for replay while CloudWatch fails.");
  static final Flag CLOUDWATCH_TIMEOUT =
      Flag.of(
          "--cloudwatch-timeout", "DURATION", "10s", "Time allowed for one PutMetricData call.");
  static final Flag EXTRA_DIMENSIONS =
      Flag.of(
          "--extra-dimensions",
          "LIST",
          null,
          "Extra dimension sets: instance-type, availability-zone.");
  static final Flag PER_NODE_GAUGES =
      Flag.of(
          "--per-node-gauges",
          "off|N",
          "off",
          "Publish the gauges of at most N nodes (fewest free IPs first) with dimensions NodeName and InstanceType: off or 1 to 100 (each node adds about 9 billed metrics).");
  static final Flag SUBNET_INTERVAL =
      Flag.of(
          "--subnet-interval",
          "off|DURATION",
          "5m",
          "How often EC2 DescribeSubnets is asked for the free IPs of the nodes' subnets, or off.");
  static final Flag EC2_ENDPOINT =
      Flag.of(
          "--ec2-endpoint",
          "URL",
          null,
          "EC2 endpoint override for DescribeTags and DescribeSubnets.");
  static final Flag IMDS =
      Flag.of(
          "--imds", "true|false", "true", "Read the region from IMDS when nothing else gives it.");
  static final Flag IMDS_ENDPOINT =
      Flag.of("--imds-endpoint", "URL", "http://169.254.169.254", "IMDS base URL.");
  static final Flag NAMESPACE =
      Flag.of(
              "--namespace",
              "NAMESPACE",
              null,
              "Namespace of the lease, and of the agent pods unless --agent-namespace (default: own namespace).")
          .orEnv("POD_NAMESPACE");
  static final Flag AGENT_NAMESPACE =
      Flag.of(
          "--agent-namespace",
          "NAMESPACE",
          null,
          "Namespace of the agent pods when it is not the aggregator's own (default: --namespace).");
  static final Flag AGENT_SELECTOR =
      Flag.of(
          "--agent-selector",
          "SELECTOR",
          "app.kubernetes.io/name=cni-metrics-agent",
          "Label selector of the agent pods.");
  static final Flag AGENT_PORT =
      Flag.of("--agent-port", "PORT", "61682", "Port of the agents' /v1/report.");
  static final Flag AGENTS =
      Flag.of(
          "--agents",
          "HOST:PORT,...",
          null,
          "Static agents host:port,... (no Kubernetes, no leader election).");
  static final Flag LEASE_NAME =
      Flag.of(
          "--lease-name", "NAME", "cni-metrics-aggregator", "Name of the leader election Lease.");
  static final Flag LEASE_DURATION =
      Flag.of("--lease-duration", "DURATION", "15s", "Leader election lease duration.");
  static final Flag RENEW_DEADLINE =
      Flag.of("--renew-deadline", "DURATION", "10s", "A leader that cannot renew by then stops.");
  static final Flag RETRY_PERIOD =
      Flag.of("--retry-period", "DURATION", "2s", "Leader election retry period.");
  static final Flag IDENTITY =
      Flag.of("--identity", "NAME", null, "Leader election identity (default: hostname).")
          .orEnv("POD_NAME");
  static final Flag CYCLES =
      Flag.of("--cycles", "N", "0", "Stop after this many published cycles (0: run forever).");
  static final Flag LOG_LEVEL =
      Flag.of(
              "--log-level",
              "LEVEL",
              "info",
              "Error, warn, info, debug or trace (upstream's FATAL counts as error).")
          .orEnv("AWS_VPC_K8S_CNI_LOGLEVEL");

  static final List<Flag> ALL =
      List.of(
          INTERVAL,
          CYCLE_DEADLINE,
          SCRAPE_TIMEOUT,
          SCRAPE_CONCURRENCY,
          MAX_REPORT_BYTES,
          MAX_REPORT_AGE,
          MAX_COUNTER_INCREASE,
          SINKS,
          LISTEN,
          AUTH_TOKEN_FILE,
          AUTH_ACCEPT_TOKEN_FILE,
          CLUSTER_ID,
          REGION,
          CLOUDWATCH_ENDPOINT,
          CLOUDWATCH_NAMESPACE,
          CLOUDWATCH_BACKLOG,
          CLOUDWATCH_TIMEOUT,
          EXTRA_DIMENSIONS,
          PER_NODE_GAUGES,
          SUBNET_INTERVAL,
          EC2_ENDPOINT,
          IMDS,
          IMDS_ENDPOINT,
          NAMESPACE,
          AGENT_NAMESPACE,
          AGENT_SELECTOR,
          AGENT_PORT,
          AGENTS,
          LEASE_NAME,
          LEASE_DURATION,
          RENEW_DEADLINE,
          RETRY_PERIOD,
          IDENTITY,
          CYCLES,
          LOG_LEVEL);

  private AggregatorFlags() {}
}
