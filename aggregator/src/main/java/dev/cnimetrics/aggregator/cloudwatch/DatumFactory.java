package dev.cnimetrics.aggregator.cloudwatch;

import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.aggregator.sink.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * A cycle as CloudWatch datums: the catalogue values and the coverage with dimension {@code
 * CLUSTER_ID}, then each extra dimension set's values with {@code CLUSTER_ID} plus that dimension,
 * each subnet's free IPs with {@code CLUSTER_ID} + {@code SubnetId}, and the per-node gauges with
 * {@code CLUSTER_ID} + {@code NodeName} + {@code InstanceType}. Every datum carries the cycle's
 * time, so a replayed cycle lands where it belongs.
 */
final class DatumFactory {
  static final String CLUSTER_DIMENSION = "CLUSTER_ID";
  static final String SUBNET_DIMENSION = "SubnetId";
  static final String NODE_DIMENSION = "NodeName";
  static final String INSTANCE_TYPE_DIMENSION = "InstanceType";

  private DatumFactory() {}

  static List<MetricDatum> datums(Publication p, String clusterId) {
    List<MetricDatum> out = new ArrayList<>();
    Dimension cluster = dimension(CLUSTER_DIMENSION, clusterId);
    for (MetricValue v : p.cluster()) {
      out.add(datum(p, v, List.of(cluster)));
    }
    for (MetricValue v : p.coverageValues()) {
      out.add(datum(p, v, List.of(cluster)));
    }
    for (Map.Entry<ExtraDimension, Map<String, List<MetricValue>>> set : p.groups().entrySet()) {
      for (Map.Entry<String, List<MetricValue>> group : set.getValue().entrySet()) {
        List<Dimension> dims =
            List.of(cluster, dimension(set.getKey().dimensionName(), group.getKey()));
        for (MetricValue v : group.getValue()) {
          out.add(datum(p, v, dims));
        }
      }
    }
    for (Map.Entry<String, MetricValue> s : p.subnetValues()) {
      out.add(datum(p, s.getValue(), List.of(cluster, dimension(SUBNET_DIMENSION, s.getKey()))));
    }
    for (Map.Entry<Publication.NodeKey, List<MetricValue>> n : p.nodes().entrySet()) {
      List<Dimension> dims =
          List.of(
              cluster,
              dimension(NODE_DIMENSION, n.getKey().node()),
              dimension(INSTANCE_TYPE_DIMENSION, n.getKey().instanceType()));
      for (MetricValue v : n.getValue()) {
        out.add(datum(p, v, dims));
      }
    }
    return out;
  }

  /**
   * An upper bound of a datum's share of a request body, for the 1 MB request limit: the CBOR map
   * keys and framing (~120 bytes) plus the strings themselves.
   */
  static long estimatedBytes(MetricDatum d) {
    long n = 128 + d.metricName().length() + d.unitAsString().length();
    for (Dimension dim : d.dimensions()) {
      n += 24 + dim.name().length() + dim.value().length();
    }
    return n;
  }

  private static MetricDatum datum(Publication p, MetricValue v, List<Dimension> dims) {
    return MetricDatum.builder()
        .metricName(v.name())
        .dimensions(dims)
        .timestamp(p.cycleTime())
        .value(v.value())
        .unit(v.unit().cloudWatchName())
        .build();
  }

  private static Dimension dimension(String name, String value) {
    return Dimension.builder().name(name).value(value).build();
  }
}
