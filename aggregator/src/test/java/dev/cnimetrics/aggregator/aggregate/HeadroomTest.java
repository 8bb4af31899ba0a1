package dev.cnimetrics.aggregator.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.report.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadroomTest {
  private static NodeContribution node(String name, Double free, boolean reporting) {
    Map<String, Double> gauges =
        free == null ? Map.of("assignIPAddresses", 3.0) : Map.of("availableIPAddresses", free);
    return new NodeContribution(name, null, gauges, null, null, reporting, name);
  }

  @Test
  void theNodeClosestToExhaustionAndTheReportingNodesWithNone() {
    assertEquals(
        List.of(
            new MetricValue("minNodeAvailableIPAddresses", 0, Unit.COUNT),
            new MetricValue("nodesWithoutAvailableIPAddresses", 1, Unit.COUNT)),
        Headroom.of(
            List.of(
                node("a", 7.0, true),
                node("b", 0.0, true),
                // Silent this cycle: its last free IPs count for the minimum, not as reporting.
                node("c", 0.0, false),
                node("d", null, true))));
  }

  @Test
  void nothingWhileNoNodeReportsItsFreeIps() {
    assertEquals(List.of(), Headroom.of(List.of(node("a", null, true))));
    assertEquals(
        List.of(new MetricValue("minNodeAvailableIPAddresses", 4, Unit.COUNT)),
        Headroom.of(List.of(node("a", 4.0, false))),
        "only a stale node: its minimum, but no reporting node to count");
  }
}
