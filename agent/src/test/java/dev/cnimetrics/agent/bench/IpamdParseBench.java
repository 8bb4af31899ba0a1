package dev.cnimetrics.agent.bench;

import com.sun.management.ThreadMXBean;
import dev.cnimetrics.agent.ReportView;
import dev.cnimetrics.agent.ipamd.CatalogueExtractor;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.ipamd.IpamdValues;
import dev.cnimetrics.agent.promtext.ParsedText;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.report.ReportWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Cost of one ipamd refresh's CPU work on a large node: decode, parse and extract a generated
 * 2,000-series ipamd dump and write the node report JSON. A harness, not a test; run (README):
 *
 * <pre>
 * mvn -B -q -o -pl agent package -DskipTests
 * java -cp agent/target/test-classes:agent/target/cni-metrics-agent.jar \
 *   dev.cnimetrics.agent.bench.IpamdParseBench
 * </pre>
 */
public final class IpamdParseBench {

  private static final int WARMUP = 3_000;
  private static final int MEASURED = 5_000;

  private IpamdParseBench() {}

  public static void main(String[] args) {
    byte[] dump = generate().getBytes(StandardCharsets.UTF_8);
    int series =
        PrometheusTextParser.parse(new String(dump, StandardCharsets.UTF_8)).samples().size();
    if (series != 2_000) {
      throw new IllegalStateException("generated dump has " + series + " series, not 2000");
    }
    long sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += once(dump);
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long bytesBefore = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      sink += once(dump);
    }
    long nanos = System.nanoTime() - start;
    long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
    System.out.printf(
        Locale.ROOT, "BENCH|ipamd dump parse (2,000 series)|%.1f|µs|-|-%n", nanos / 1e3 / MEASURED);
    System.out.printf(
        Locale.ROOT,
        "BENCH|ipamd dump parse (2,000 series) allocation|%d|bytes per parse|-|-%n",
        bytes / MEASURED);
    System.out.printf(
        Locale.ROOT, "BENCH|ipamd dump size (2,000 series)|%d|bytes|-|-%n", dump.length);
    if (sink == 42) {
      System.out.println();
    }
  }

  /** Everything one refresh does after the bytes arrived; returns a value so nothing is elided. */
  private static long once(byte[] dump) {
    ParsedText parsed = PrometheusTextParser.parse(new String(dump, StandardCharsets.UTF_8));
    IpamdValues values = CatalogueExtractor.extract(parsed);
    IpamdSnapshot snapshot =
        new IpamdSnapshot(
            Instant.EPOCH,
            IpamdSnapshot.State.UP,
            Optional.empty(),
            values,
            OptionalDouble.of(0.004),
            parsed.malformedLines());
    return ReportWriter.write(
            ReportView.report("ip-10-0-1-23.ec2.internal", snapshot, Optional.empty()))
        .length();
  }

  /** A big node's ipamd output: 2,000 series across catalogue and Go runtime families. */
  static String generate() {
    StringBuilder sb = new StringBuilder();
    family(sb, "awscni_aws_api_latency_ms", "summary");
    for (int i = 0; i < 200; i++) {
      String labels = "api=\"Api" + i + "\",error=\"" + (i % 7 == 0) + "\",status=\"200\"";
      for (String q : new String[] {"0.5", "0.9", "0.99"}) {
        sb.append("awscni_aws_api_latency_ms{").append(labels).append(",quantile=\"").append(q);
        sb.append("\"} ").append(i % 3 == 0 ? "NaN" : Integer.toString(i)).append('\n');
      }
      sb.append("awscni_aws_api_latency_ms_sum{")
          .append(labels)
          .append("} ")
          .append(i * 13.5)
          .append('\n');
      sb.append("awscni_aws_api_latency_ms_count{")
          .append(labels)
          .append("} ")
          .append(i)
          .append('\n');
    }
    series(sb, "awscni_ec2api_req_count", "counter", 200, i -> "fn=\"Fn" + i + "\"");
    series(
        sb,
        "awscni_assigned_ip_per_cidr",
        "gauge",
        300,
        i -> "cidr=\"10.0." + i / 16 + "." + (i % 16) * 16 + "/28\"");
    series(
        sb,
        "awscni_assigned_ip_per_eni",
        "gauge",
        100,
        i -> "eni=\"eni-0a1b2c3d4e5f6" + String.format(Locale.ROOT, "%04d", i) + "\"");
    series(
        sb,
        "awscni_ipamd_error_count",
        "counter",
        100,
        i -> "error=\"err \\\"" + i + "\\\" \\\\n\",fn=\"f" + i + "\"");
    series(sb, "go_gc_like_seconds", "gauge", 300, i -> "gen=\"" + i + "\"");
    return sb.toString();
  }

  private static void family(StringBuilder sb, String name, String type) {
    sb.append("# HELP ").append(name).append(" Generated for the benchmark.\n");
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void series(
      StringBuilder sb,
      String name,
      String type,
      int n,
      java.util.function.IntFunction<String> labels) {
    family(sb, name, type);
    for (int i = 0; i < n; i++) {
      sb.append(name)
          .append('{')
          .append(labels.apply(i))
          .append("} ")
          .append(i * 1.5e3)
          .append('\n');
    }
  }
}
