package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.agent.promtext.ParsedText;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.promtext.Sample;
import dev.cnimetrics.report.Catalogue;
import dev.cnimetrics.report.Catalogue.Entry;
import dev.cnimetrics.report.Catalogue.Kind;
import dev.cnimetrics.report.Catalogue.Origin;
import dev.cnimetrics.report.Latency;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * Extracts the {@link Catalogue} while an ipamd exposition is parsed ({@link
 * PrometheusTextParser.Visitor}): nothing of a sample is kept but its share of a catalogue sum, so
 * memory is bounded by the body limit, not by the number of series. Label series are summed away;
 * NaN samples are skipped (a summary's empty quantiles are NaN); a second sample of the same series
 * is ignored. A sample below 0 (none of the catalogue can be), or a family whose sum is not finite
 * (an infinite sample, or finite ones whose sum overflows), makes that family broken: {@link
 * #problem()} names it, and the collector reports ipamd down rather than pass on a number that is
 * not one (the report's numbers are finite by contract).
 */
public final class CatalogueExtractor implements PrometheusTextParser.Visitor {

  private enum Part {
    VALUE,
    SUM,
    COUNT
  }

  private record Target(int entry, Part part) {}

  private static final List<Entry> ENTRIES = Catalogue.ENTRIES;
  private static final Map<String, Target> BY_SAMPLE_NAME = indexSampleNames();

  private final int maxSeries;
  private final double[] values = new double[ENTRIES.size()];
  private final double[] counts = new double[ENTRIES.size()];
  private final boolean[] seen = new boolean[ENTRIES.size()];
  private final String[] broken = new String[ENTRIES.size()];
  private final Set<String> seriesSeen = new HashSet<>();
  private final PrometheusTextParser.MalformedLines malformed =
      new PrometheusTextParser.MalformedLines();
  private final Map<String, Double> assignedPerEni = new TreeMap<>();
  private OptionalDouble processStart = OptionalDouble.empty();
  private int samples;
  private int ipamdSamples;
  private int duplicates;

  /**
   * @param maxSeries samples read at most; the parse stops after one more
   */
  public CatalogueExtractor(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** The catalogue of an already parsed exposition (tests, tools): broken families left out. */
  public static IpamdValues extract(ParsedText parsed) {
    CatalogueExtractor x = new CatalogueExtractor(Integer.MAX_VALUE);
    parsed.samples().forEach(x::sample);
    return x.values();
  }

  @Override
  public String sample(Sample sample) {
    samples++;
    if (done()) {
      return null;
    }
    String name = sample.name();
    if (name.startsWith(Catalogue.IPAMD_PREFIX)) {
      ipamdSamples++;
    }
    double value = sample.value();
    if (name.equals(Catalogue.ASSIGNED_PER_ENI)) {
      perEni(sample, value);
      return null;
    }
    Target target = BY_SAMPLE_NAME.get(name);
    boolean start = target == null && name.equals(Catalogue.PROCESS_START_TIME);
    if (Double.isNaN(value) || (target == null && !start)) {
      return null;
    }
    // Only catalogue series are remembered, so this set stays as small as ipamd's catalogue.
    if (!seriesSeen.add(name + new TreeMap<>(sample.labels()))) {
      duplicates++;
      return null;
    }
    if (start) {
      if (processStart.isEmpty() && Double.isFinite(value)) {
        processStart = OptionalDouble.of(value);
      }
      return null;
    }
    int i = target.entry();
    seen[i] = true;
    Entry entry = ENTRIES.get(i);
    // ipamd's gauges count IPs and ENIs; none of the catalogue can be below 0.
    if (value < 0 && broken[i] == null) {
      broken[i] =
          entry.ipamdMetric()
              + ": negative "
              + (entry.kind() == Kind.GAUGE ? "gauge" : "counter")
              + " value "
              + value;
    }
    if (target.part() == Part.COUNT) {
      counts[i] += value;
    } else {
      values[i] += value;
    }
    return null;
  }

  /**
   * One ENI's assigned IPs. A series without an {@code eni} label, a value that is not a count, or
   * ENIs beyond {@link Catalogue#MAX_ENIS} are skipped: the node-level gauges do not depend on
   * them.
   */
  private void perEni(Sample sample, double value) {
    String eni = sample.labels().get("eni");
    if (eni == null
        || !Double.isFinite(value)
        || value < 0
        || (!assignedPerEni.containsKey(eni) && assignedPerEni.size() >= Catalogue.MAX_ENIS)) {
      return;
    }
    assignedPerEni.putIfAbsent(eni, value);
  }

  @Override
  public void malformed(int lineNumber, String reason) {
    malformed.malformed(lineNumber, reason);
  }

  @Override
  public boolean done() {
    return samples > maxSeries;
  }

  /** Samples read (all names, not only the catalogue's). */
  public int samples() {
    return samples;
  }

  public int ipamdSamples() {
    return ipamdSamples;
  }

  public int duplicates() {
    return duplicates;
  }

  public PrometheusTextParser.MalformedLines malformedLines() {
    return malformed;
  }

  /** Why these values cannot be reported: too many series, or the first broken family. */
  public Optional<String> problem() {
    if (done()) {
      return Optional.of(
          "more than " + maxSeries + " series in the response (ipamd has a few hundred)");
    }
    for (int i = 0; i < ENTRIES.size(); i++) {
      String why = brokenReason(i);
      if (why != null) {
        return Optional.of(why);
      }
    }
    return Optional.empty();
  }

  private String brokenReason(int i) {
    if (broken[i] != null) {
      return broken[i];
    }
    if (!Double.isFinite(values[i]) || !Double.isFinite(counts[i])) {
      return ENTRIES.get(i).ipamdMetric() + ": the sum of its series is not a finite number";
    }
    return null;
  }

  /** The catalogue values, broken families left out. */
  public IpamdValues values() {
    Map<String, Double> gauges = new LinkedHashMap<>();
    Map<String, Double> counters = new LinkedHashMap<>();
    Map<String, Latency> latency = new LinkedHashMap<>();
    for (int i = 0; i < ENTRIES.size(); i++) {
      Entry entry = ENTRIES.get(i);
      if (brokenReason(i) != null) {
        continue;
      }
      switch (entry.kind()) {
        case GAUGE -> {
          if (seen[i]) {
            gauges.put(entry.name(), values[i]);
          }
        }
        case COUNTER -> {
          // An older ipamd without a family beyond the upstream 20 cannot count it: omitted.
          if (seen[i] || entry.origin() == Origin.UPSTREAM) {
            counters.put(entry.name(), values[i]);
          }
        }
        case LATENCY_SUMMARY -> latency.put(entry.name(), new Latency(values[i], counts[i]));
        case DERIVED_GAUGE -> {
          // Computed below, once the gauges it comes from are known.
        }
      }
    }
    for (Entry entry : ENTRIES) {
      if (entry.kind() == Kind.DERIVED_GAUGE) {
        derive(entry, gauges);
      }
    }
    return new IpamdValues(
        Collections.unmodifiableMap(gauges),
        Collections.unmodifiableMap(counters),
        Collections.unmodifiableMap(latency),
        Collections.unmodifiableMap(new TreeMap<>(assignedPerEni)),
        processStart,
        ipamdSamples);
  }

  /**
   * {@code a - b} of the two families the entry names ({@code a-b}), by their gauge names; never
   * below 0 (for free IPs: ipamd counts an IP assigned only once it is in its pool, so a negative
   * difference is a moment between two of its updates, and no IP is free then).
   */
  private static void derive(Entry entry, Map<String, Double> gauges) {
    String[] families = entry.ipamdMetric().split("-", 2);
    Double a = gaugeOf(families[0], gauges);
    Double b = gaugeOf(families[1], gauges);
    if (a != null && b != null) {
      gauges.put(entry.name(), Math.max(0, a - b));
    }
  }

  private static Double gaugeOf(String family, Map<String, Double> gauges) {
    for (Entry e : ENTRIES) {
      if (e.kind() == Kind.GAUGE && e.ipamdMetric().equals(family)) {
        return gauges.get(e.name());
      }
    }
    return null;
  }

  private static Map<String, Target> indexSampleNames() {
    Map<String, Target> index = new HashMap<>();
    for (int i = 0; i < ENTRIES.size(); i++) {
      Entry entry = ENTRIES.get(i);
      if (entry.kind() == Kind.DERIVED_GAUGE) {
        continue;
      }
      if (entry.kind() == Kind.LATENCY_SUMMARY) {
        index.put(entry.ipamdMetric() + "_sum", new Target(i, Part.SUM));
        index.put(entry.ipamdMetric() + "_count", new Target(i, Part.COUNT));
      } else {
        index.put(entry.ipamdMetric(), new Target(i, Part.VALUE));
      }
    }
    return Map.copyOf(index);
  }
}
