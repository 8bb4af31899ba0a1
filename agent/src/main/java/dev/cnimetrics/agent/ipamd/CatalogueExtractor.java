package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.agent.ipamd.CniCatalogue.Entry;
import dev.cnimetrics.agent.ipamd.CniCatalogue.Kind;
import dev.cnimetrics.agent.promtext.ParsedText;
import dev.cnimetrics.agent.promtext.Sample;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Pure extraction of the {@link CniCatalogue} from a parsed ipamd exposition: label series are
 * summed away; NaN and infinite sample values are skipped (a JSON report cannot carry them, and a
 * summary's empty quantiles are NaN).
 */
public final class CatalogueExtractor {

  private enum Part {
    VALUE,
    SUM,
    COUNT
  }

  private record Target(int entry, Part part) {}

  private static final List<Entry> ENTRIES = CniCatalogue.ENTRIES;
  private static final Map<String, Target> BY_SAMPLE_NAME = indexSampleNames();

  private CatalogueExtractor() {}

  public static IpamdValues extract(ParsedText parsed) {
    int n = ENTRIES.size();
    double[] values = new double[n];
    double[] counts = new double[n];
    boolean[] seen = new boolean[n];
    OptionalDouble processStart = OptionalDouble.empty();
    int ipamdSamples = 0;
    for (Sample sample : parsed.samples()) {
      String name = sample.name();
      if (name.startsWith(CniCatalogue.IPAMD_PREFIX)) {
        ipamdSamples++;
      }
      double value = sample.value();
      if (!Double.isFinite(value)) {
        continue;
      }
      Target target = BY_SAMPLE_NAME.get(name);
      if (target != null) {
        seen[target.entry()] = true;
        if (target.part() == Part.COUNT) {
          counts[target.entry()] += value;
        } else {
          values[target.entry()] += value;
        }
      } else if (name.equals(CniCatalogue.PROCESS_START_TIME) && processStart.isEmpty()) {
        processStart = OptionalDouble.of(value);
      }
    }
    Map<String, Double> gauges = new LinkedHashMap<>();
    Map<String, Double> counters = new LinkedHashMap<>();
    Map<String, Latency> latency = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Entry entry = ENTRIES.get(i);
      switch (entry.kind()) {
        case GAUGE -> {
          if (seen[i]) {
            gauges.put(entry.cloudWatchName(), values[i]);
          }
        }
        case COUNTER -> counters.put(entry.cloudWatchName(), values[i]);
        case LATENCY_SUMMARY ->
            latency.put(entry.cloudWatchName(), new Latency(values[i], counts[i]));
      }
    }
    return new IpamdValues(
        Collections.unmodifiableMap(gauges),
        Collections.unmodifiableMap(counters),
        Collections.unmodifiableMap(latency),
        processStart,
        ipamdSamples);
  }

  private static Map<String, Target> indexSampleNames() {
    Map<String, Target> index = new HashMap<>();
    for (int i = 0; i < ENTRIES.size(); i++) {
      Entry entry = ENTRIES.get(i);
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
