package dev.cnimetrics.agent.promtext;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of parsing one exposition: the well-formed samples in input order, the declared family
 * types and help texts, and how many lines were skipped as malformed (with the first reason, for a
 * log line).
 */
public record ParsedText(
    List<Sample> samples,
    Map<String, MetricType> types,
    Map<String, String> help,
    int malformedLines,
    Optional<String> firstError) {

  private static final List<String> SUFFIXES = List.of("_sum", "_count", "_bucket");

  public ParsedText {
    samples = List.copyOf(samples);
    types = Map.copyOf(types);
    help = Map.copyOf(help);
  }

  /**
   * The family a sample name belongs to: {@code foo_sum}, {@code foo_count} and {@code foo_bucket}
   * belong to {@code foo} when {@code foo} is declared a summary or histogram; any other name is
   * its own family.
   */
  public String familyOf(String sampleName) {
    for (String suffix : SUFFIXES) {
      if (sampleName.endsWith(suffix)) {
        String base = sampleName.substring(0, sampleName.length() - suffix.length());
        MetricType type = types.get(base);
        if (type == MetricType.SUMMARY || type == MetricType.HISTOGRAM) {
          return base;
        }
      }
    }
    return sampleName;
  }

  /** The declared type of the family a sample name belongs to; untyped when none was declared. */
  public MetricType typeOf(String sampleName) {
    return types.getOrDefault(familyOf(sampleName), MetricType.UNTYPED);
  }
}
