package dev.cnimetrics.aggregator.metrics;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The aggregator's own series on {@code /metrics} (names fixed by the naming contract). */
public final class AggregatorMetrics implements SinkMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge cluster =
      Gauge.builder()
          .name("cni_metrics_cluster")
          .help("Cluster CNI value published for the last cycle (CloudWatch name in metric)")
          .labelNames("metric")
          .register(registry);
  private final Gauge subnets =
      Gauge.builder()
          .name("cni_metrics_subnet_available_ip_addresses")
          .help(
              "Free IPs of a subnet the nodes' ENIs are in, as EC2 DescribeSubnets last answered"
                  + " (subnetAvailableIPAddresses)")
          .labelNames("subnet_id")
          .register(registry);
  private final Counter ec2Requests =
      Counter.builder()
          .name("cni_metrics_aggregator_ec2_requests_total")
          .help("EC2 API calls by api and result (ok, denied, error)")
          .labelNames("api", "result")
          .register(registry);
  private final Gauge leader =
      Gauge.builder()
          .name("cni_metrics_aggregator_leader")
          .help("1 while this instance is the leader and publishes")
          .register(registry);
  private final Gauge nodes =
      Gauge.builder()
          .name("cni_metrics_aggregator_nodes")
          .help("Nodes in the last cycle by state: expected = reporting + stale + failed")
          .labelNames("state")
          .register(registry);
  private final Gauge cycleDuration =
      Gauge.builder()
          .name("cni_metrics_aggregator_cycle_duration_seconds")
          .help("Wall time of the last cycle: scrape, aggregate, publish")
          .unit(Unit.SECONDS)
          .register(registry);
  private final Counter requests =
      Counter.builder()
          .name("cni_metrics_aggregator_cloudwatch_requests_total")
          .help("PutMetricData calls by result")
          .labelNames("result")
          .register(registry);
  private final Gauge backlog =
      Gauge.builder()
          .name("cni_metrics_aggregator_cloudwatch_backlog_cycles")
          .help("Cycles waiting to be (re)sent to CloudWatch")
          .register(registry);
  private final Counter dropped =
      Counter.builder()
          .name("cni_metrics_aggregator_cloudwatch_dropped_cycles_total")
          .help("Cycles dropped because the CloudWatch backlog was full")
          .register(registry);

  private final Counter reportProblems =
      Counter.builder()
          .name("cni_metrics_aggregator_report_problems")
          .help(
              "Agent reports not used whole, by problem: invalid_report (refused), implausible_increase"
                  + " (refused), counter_decrease (new baseline), unknown_keys (keys ignored)")
          .labelNames("problem")
          .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  public Gauge cluster() {
    return cluster;
  }

  public Gauge subnets() {
    return subnets;
  }

  /** One DescribeSubnets request and its result. */
  public void describeSubnets(String result) {
    ec2Requests.labelValues("DescribeSubnets", result).inc();
  }

  public void leader(boolean isLeader) {
    leader.set(isLeader ? 1 : 0);
    if (!isLeader) {
      nodes.clear();
    }
  }

  public void cycle(Coverage c, double seconds) {
    nodes.labelValues("expected").set(c.expected());
    nodes.labelValues("reporting").set(c.reporting());
    nodes.labelValues("stale").set(c.stale());
    nodes.labelValues("failed").set(c.failed());
    cycleDuration.set(seconds);
  }

  /** {@code count} reports (or, for unknown_keys, keys) with this problem. */
  public void reportProblem(String problem, long count) {
    reportProblems.labelValues(problem).inc(count);
  }

  @Override
  public void request(String result) {
    requests.labelValues(result).inc();
  }

  @Override
  public void backlog(int cycles) {
    backlog.set(cycles);
  }

  @Override
  public void dropped(int cycles) {
    dropped.inc(cycles);
  }
}
