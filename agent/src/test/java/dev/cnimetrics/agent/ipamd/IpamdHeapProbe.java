package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.agent.cli.IpamdOptions.IpamdConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Run as its own JVM by {@link IpamdHeapTest} with the image's flags: one ipamd read of the URL in
 * args[0] with the body limit args[1], then one line: the snapshot's state or error, and the peak
 * heap the read took (sum of the heap pools' peaks after a reset, an upper bound).
 */
public final class IpamdHeapProbe {
  private IpamdHeapProbe() {}

  public static void main(String[] args) {
    var collector =
        IpamdCollector.from(
            new IpamdConfig(
                Optional.of(URI.create(args[0])),
                Duration.ofSeconds(20),
                Integer.parseInt(args[1])),
            Clock.systemUTC());
    System.gc();
    long before = heapPeak(true);
    IpamdSnapshot s = collector.collect();
    long peak = heapPeak(false);
    System.out.printf(
        "state=%s error=%s perCidr=%s heap_peak_bytes=%d heap_before_bytes=%d%n",
        s.state(),
        s.error().orElse("-"),
        s.values().gauges().get("totalAssignedIPv4sPerCidr"),
        peak,
        before);
  }

  private static long heapPeak(boolean reset) {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        if (reset) {
          pool.resetPeakUsage();
          sum += pool.getUsage().getUsed();
        } else {
          sum += pool.getPeakUsage().getUsed();
        }
      }
    }
    return sum;
  }
}
