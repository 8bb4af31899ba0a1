package dev.cnimetrics.aggregator.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.report.Unit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfSinkTest {
  private static final Publication CYCLE =
      new Publication(
          Instant.parse("2026-11-21T10:00:30Z"),
          new Coverage(3, 3, 0, 0),
          List.of(
              new MetricValue("addReqCount", 16, Unit.COUNT),
              new MetricValue("awsAPILatency", 2.5, Unit.MILLISECONDS)),
          new EnumMap<>(ExtraDimension.class));

  private static String publish(Publication p, String clusterId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new EmfSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), "Kubernetes")
        .publish(p, clusterId);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneLinePerCycleInEmbeddedMetricFormat() {
    assertEquals(
        "{\"_aws\":{\"Timestamp\":1795255230000,\"CloudWatchMetrics\":[{\"Namespace\":\"Kubernetes\","
            + "\"Dimensions\":[[\"CLUSTER_ID\"]],\"Metrics\":[{\"Name\":\"addReqCount\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"awsAPILatency\",\"Unit\":\"Milliseconds\"},{\"Name\":\"nodesExpected\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"nodesReporting\",\"Unit\":\"Count\"},{\"Name\":\"nodesStale\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"nodesFailed\",\"Unit\":\"Count\"}]}]},\"CLUSTER_ID\":\"prod\",\"addReqCount\":16.0,"
            + "\"awsAPILatency\":2.5,\"nodesExpected\":3.0,\"nodesReporting\":3.0,\"nodesStale\":0.0,\"nodesFailed\":0.0}\n",
        publish(CYCLE, "prod"));
  }

  @Test
  void extraDimensionSetsAddOneLinePerGroup() {
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups =
        new EnumMap<>(ExtraDimension.class);
    groups.put(
        ExtraDimension.INSTANCE_TYPE,
        Map.of("m5.large", List.of(new MetricValue("addReqCount", 16, Unit.COUNT))));
    String out =
        publish(
            new Publication(CYCLE.cycleTime(), CYCLE.coverage(), CYCLE.cluster(), groups), "prod");
    String[] lines = out.split("\n");
    assertEquals(2, lines.length);
    assertEquals(
        "{\"_aws\":{\"Timestamp\":1795255230000,\"CloudWatchMetrics\":[{\"Namespace\":\"Kubernetes\","
            + "\"Dimensions\":[[\"CLUSTER_ID\",\"InstanceType\"]],\"Metrics\":[{\"Name\":\"addReqCount\",\"Unit\":\"Count\"}]}]},"
            + "\"CLUSTER_ID\":\"prod\",\"InstanceType\":\"m5.large\",\"addReqCount\":16.0}",
        lines[1]);
  }

  @Test
  void nothingWhileTheClusterIdIsUnknown() {
    assertEquals("", publish(CYCLE, null));
  }
}
