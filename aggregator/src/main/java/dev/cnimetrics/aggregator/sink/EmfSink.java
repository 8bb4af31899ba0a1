package dev.cnimetrics.aggregator.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudWatch Embedded Metric Format on stdout, for a log agent (Fluent Bit, CloudWatch agent) to
 * ship: one JSON line per cycle with the cluster values and coverage, plus one line per group of
 * each extra dimension set, per subnet and per node published with its own dimension. Logs go to
 * stderr, so stdout holds nothing but these lines.
 */
public final class EmfSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(EmfSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintStream out;
  private final String namespace;
  private boolean warned;

  public EmfSink(PrintStream out, String namespace) {
    this.out = out;
    this.namespace = namespace;
  }

  @Override
  public void publish(Publication p, String clusterId) {
    if (clusterId == null) {
      if (!warned) {
        LOG.warn("EMF: cycles skipped until the cluster id is known (see the cluster id line)");
        warned = true;
      }
      return;
    }
    warned = false;
    List<MetricValue> cluster = new ArrayList<>(p.cluster());
    cluster.addAll(p.coverageValues());
    StringBuilder lines = new StringBuilder();
    lines.append(line(p, clusterId, Map.of(), cluster)).append('\n');
    for (Map.Entry<ExtraDimension, Map<String, List<MetricValue>>> set : p.groups().entrySet()) {
      for (Map.Entry<String, List<MetricValue>> g : set.getValue().entrySet()) {
        lines
            .append(
                line(p, clusterId, Map.of(set.getKey().dimensionName(), g.getKey()), g.getValue()))
            .append('\n');
      }
    }
    for (Map.Entry<String, MetricValue> s : p.subnetValues()) {
      lines
          .append(line(p, clusterId, Map.of("SubnetId", s.getKey()), List.of(s.getValue())))
          .append('\n');
    }
    for (Map.Entry<Publication.NodeKey, List<MetricValue>> n : p.nodes().entrySet()) {
      Map<String, String> dims = new LinkedHashMap<>();
      dims.put("NodeName", n.getKey().node());
      dims.put("InstanceType", n.getKey().instanceType());
      lines.append(line(p, clusterId, dims, n.getValue())).append('\n');
    }
    out.print(lines);
    out.flush();
  }

  /** One EMF document; {@code extra}: the dimensions besides CLUSTER_ID, in order. */
  String line(
      Publication p, String clusterId, Map<String, String> extra, List<MetricValue> values) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", p.cycleTime().toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    ArrayNode dims = directive.putArray("Dimensions").addArray().add("CLUSTER_ID");
    root.put("CLUSTER_ID", clusterId);
    extra.forEach(
        (name, value) -> {
          dims.add(name);
          root.put(name, value);
        });
    ArrayNode metrics = directive.putArray("Metrics");
    for (MetricValue v : values) {
      metrics.addObject().put("Name", v.name()).put("Unit", v.unit().cloudWatchName());
      root.put(v.name(), v.value());
    }
    return root.toString();
  }
}
