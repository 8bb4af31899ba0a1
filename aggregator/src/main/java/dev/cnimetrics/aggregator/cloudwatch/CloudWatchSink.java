package dev.cnimetrics.aggregator.cloudwatch;

import dev.cnimetrics.aggregator.aws.AwsClients;
import dev.cnimetrics.aggregator.log.LogText;
import dev.cnimetrics.aggregator.metrics.SinkMetrics;
import dev.cnimetrics.aggregator.sink.Publication;
import dev.cnimetrics.aggregator.sink.Sink;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * Publishes each cycle with as few PutMetricData calls as the limits allow (normally one), and
 * keeps cycles CloudWatch did not take in a bounded backlog that is replayed oldest first once it
 * answers again. The client must not retry on its own (see {@link AwsClients}): this class alone
 * decides what is resent, following {@link Outcome}.
 */
public final class CloudWatchSink implements Sink {
  static final int MAX_DATUMS = 1000;

  /** Below the 1 MB request limit, leaving room for the estimate's error. */
  static final long MAX_BYTES = 900_000;

  /** Bounds the time one cycle spends catching up; the rest goes out in later cycles. */
  static final int MAX_REQUESTS_PER_CYCLE = 20;

  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchSink.class);

  private final Supplier<CloudWatchClient> client;
  private final String namespace;
  private final SinkMetrics metrics;
  private final Backlog<MetricDatum> backlog;
  private String clusterId;
  private Outcome last = Outcome.OK;

  /**
   * @param client gives null while the region is unknown; the cycle then waits in the backlog
   */
  public CloudWatchSink(
      Supplier<CloudWatchClient> client, String namespace, int maxCycles, SinkMetrics metrics) {
    this.client = client;
    this.namespace = namespace;
    this.metrics = metrics;
    this.backlog = new Backlog<>(maxCycles);
  }

  @Override
  public void publish(Publication publication, String clusterId) {
    int dropped = backlog.add(publication);
    if (dropped > 0) {
      metrics.dropped(dropped);
      LOG.warn(
          "CloudWatch backlog full: dropped the oldest {} cycle(s), keeping {} (--cloudwatch-backlog)",
          dropped,
          backlog.cycles());
    }
    if (clusterId != null) {
      this.clusterId = clusterId;
      CloudWatchClient cw = client.get();
      if (cw != null) {
        drain(cw);
      }
    }
    metrics.backlog(backlog.cycles());
  }

  private void drain(CloudWatchClient cw) {
    for (int i = 0; i < MAX_REQUESTS_PER_CYCLE && backlog.cycles() > 0; i++) {
      List<MetricDatum> datums =
          backlog.next(
              p -> DatumFactory.datums(p, clusterId),
              MAX_DATUMS,
              MAX_BYTES,
              DatumFactory::estimatedBytes);
      Outcome outcome = send(cw, datums);
      metrics.request(outcome.label());
      note(outcome);
      if (outcome.replay) {
        return;
      }
      backlog.sent(datums.size());
    }
  }

  private Outcome send(CloudWatchClient cw, List<MetricDatum> datums) {
    try {
      cw.putMetricData(
          PutMetricDataRequest.builder().namespace(namespace).metricData(datums).build());
      return Outcome.OK;
    } catch (RuntimeException e) {
      Outcome o = Outcome.of(e);
      // The service's message can quote what it was sent; escaped like any foreign text.
      String why =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : LogText.escape(firstLine(e.getMessage()));
      if (o == Outcome.REJECTED || o == Outcome.UNKNOWN) {
        LOG.warn(
            "CloudWatch PutMetricData {}: {} datums not resent (result={}): {}",
            o == Outcome.REJECTED ? "rejected" : "outcome unknown",
            datums.size(),
            o.label(),
            why);
      } else if (o != last) {
        LOG.warn(
            "CloudWatch PutMetricData failed (result={}); keeping {} cycle(s) for replay: {}",
            o.label(),
            backlog.cycles(),
            why);
      }
      return o;
    }
  }

  private void note(Outcome outcome) {
    if (outcome == Outcome.OK && last.replay) {
      LOG.info("CloudWatch accepting data again; replaying {} cycle(s)", backlog.cycles());
    }
    last = outcome;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
