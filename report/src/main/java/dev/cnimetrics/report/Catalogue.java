package dev.cnimetrics.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CNI metric catalogue: which ipamd families a node report carries, under which name, of which
 * kind and unit. Read once from {@code catalogue.tsv} next to this class, the one list of these
 * names in the project ({@code install/generate.py} reads the same file), so the agent, the
 * aggregator, the rules and the tests cannot disagree on a name.
 */
public final class Catalogue {

  /** How an entry is read from ipamd and where the report carries it. */
  public enum Kind {
    /** {@code gauges}: sum over all label series; omitted when ipamd does not expose it. */
    GAUGE,
    /** {@code counters}: sum over all label series, cumulative since ipamd started. */
    COUNTER,
    /** {@code latency}: {@code _sum} and {@code _count} of a summary, each summed. */
    LATENCY_SUMMARY,
    /**
     * {@code gauges}: computed by the agent as {@code a - b} (never below 0) of the two families
     * {@code ipamdMetric} names as {@code a-b}; omitted when either is. The aggregator treats it as
     * a gauge.
     */
    DERIVED_GAUGE
  }

  /** Whether AWS's cni-metrics-helper publishes the metric too, or only cni-metrics does. */
  public enum Origin {
    UPSTREAM,
    BEYOND
  }

  /**
   * One catalogue entry.
   *
   * @param name the name in the report and in every sink (CloudWatch metric name)
   * @param ipamdMetric the ipamd metric family it is read from
   */
  public record Entry(String name, String ipamdMetric, Kind kind, Unit unit, Origin origin) {}

  /** ipamd's own start time, which tells a counter reset from a decrease. */
  public static final String PROCESS_START_TIME = "process_start_time_seconds";

  /** The prefix every ipamd CNI metric has; a response without any is not ipamd's. */
  public static final String IPAMD_PREFIX = "awscni_";

  /**
   * The largest magnitude a report value may have, and CloudWatch's: PutMetricData rejects values
   * outside -2^360..2^360, and NaN and ±Infinity.
   */
  public static final double MAX_VALUE = Math.scalb(1.0, 360);

  /** The smallest non-zero magnitude CloudWatch accepts (2^-360); smaller values are sent as 0. */
  public static final double MIN_NONZERO_VALUE = Math.scalb(1.0, -360);

  /** Every entry, in the file's order (the order reports and tables list them in). */
  public static final List<Entry> ENTRIES = load("catalogue.tsv");

  private static final Map<String, Entry> BY_NAME = byName(ENTRIES);

  private Catalogue() {}

  public static List<Entry> ofKind(Kind kind) {
    return ENTRIES.stream().filter(e -> e.kind() == kind).toList();
  }

  /** The names of one kind, for lookups (no order; {@link #ofKind} keeps the catalogue's). */
  public static Set<String> names(Kind kind) {
    return ofKind(kind).stream().map(Entry::name).collect(Collectors.toUnmodifiableSet());
  }

  /** The names a report's {@code gauges} may carry: gauges and derived gauges. */
  public static Set<String> gaugeNames() {
    return Stream.concat(names(Kind.GAUGE).stream(), names(Kind.DERIVED_GAUGE).stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The free pod IPs of a node's ipamd pool (total − assigned), a derived gauge. */
  public static final String AVAILABLE_IPS = "availableIPAddresses";

  /** Pod IPs ipamd assigned per ENI ({@code eni} label): the report's {@code enis} section. */
  public static final String ASSIGNED_PER_ENI = "awscni_assigned_ip_per_eni";

  /** ENIs a report may list: more than any instance type attaches. */
  public static final int MAX_ENIS = 128;

  public static Optional<Entry> entry(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  private static Map<String, Entry> byName(List<Entry> entries) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (out.put(e.name(), e) != null) {
        throw new IllegalStateException("catalogue.tsv: the name " + e.name() + " is listed twice");
      }
    }
    return Map.copyOf(out);
  }

  static List<Entry> load(String resource) {
    try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the report jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Entry> out = new ArrayList<>();
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        out.add(parseLine(resource + ":" + number, line));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry parseLine(String where, String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 5) {
      throw new IllegalStateException(
          where + ": expected 5 tab-separated columns, found " + f.length);
    }
    return new Entry(
        f[0],
        f[1],
        Kind.valueOf(f[2]),
        Unit.fromCloudWatchName(f[3]),
        Origin.valueOf(f[4].toUpperCase(Locale.ROOT)));
  }

  /** Prints one line per entry: name, ipamd metric, kind, unit, origin (tab-separated). */
  public static void main(String[] args) {
    for (Entry e : ENTRIES) {
      System.out.println(
          String.join(
              "\t",
              e.name(),
              e.ipamdMetric(),
              e.kind().name(),
              e.unit().cloudWatchName(),
              e.origin().name().toLowerCase(Locale.ROOT)));
    }
  }
}
