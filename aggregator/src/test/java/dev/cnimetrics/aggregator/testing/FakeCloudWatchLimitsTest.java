package dev.cnimetrics.aggregator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Datum;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Request;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The double refuses what PutMetricData refuses, or a test against it would prove nothing. */
class FakeCloudWatchLimitsTest {
  private static Request of(double... values) {
    List<Datum> datums = new java.util.ArrayList<>();
    for (double v : values) {
      datums.add(new Datum("addReqCount", Map.of(), Instant.EPOCH, v, "Count"));
    }
    return new Request("Kubernetes", datums, 100, false);
  }

  @Test
  void refusesNonFiniteOutOfRangeTooManyAndTooLarge() {
    assertNull(FakeCloudWatch.invalid(of(0, 1, Math.scalb(1.0, 360), Math.scalb(1.0, -360)), 100));
    for (double bad :
        new double[] {
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          Math.scalb(1.0, 361),
          -Math.scalb(1.0, 361),
          Math.scalb(1.0, -361)
        }) {
      String why = FakeCloudWatch.invalid(of(1, bad), 100);
      assertTrue(
          why != null && why.contains("MetricData.member.2.Value is invalid"), bad + ": " + why);
    }
    double[] many = new double[1001];
    assertTrue(FakeCloudWatch.invalid(of(many), 100).contains("greater than 1000"));
    assertEquals(null, FakeCloudWatch.invalid(of(new double[1000]), 100));
    assertTrue(FakeCloudWatch.invalid(of(1), 1_000_001).contains("over the 1 MB limit"));
    assertNull(FakeCloudWatch.invalid(new Request("K", Collections.emptyList(), 1, false), 1));
  }
}
