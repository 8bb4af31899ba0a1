package dev.cnimetrics.agent.promtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

  private static Sample sample(String name, Map<String, String> labels, double value) {
    return new Sample(name, labels, value, OptionalLong.empty());
  }

  @Test
  void readsHelpTypeAndSamplesOfEveryFamilyType() {
    ParsedText p =
        PrometheusTextParser.parse(
            """
            # HELP c_total A counter.
            # TYPE c_total counter
            c_total{a="x"} 3
            # TYPE g gauge
            g 1.5
            # TYPE s summary
            s{quantile="0.5"} NaN
            s_sum 12
            s_count 4
            # TYPE h histogram
            h_bucket{le="1"} 2
            h_bucket{le="+Inf"} 3
            h_sum 2.5
            h_count 3
            # TYPE u untyped
            u 7
            """);
    assertEquals(0, p.malformedLines());
    assertEquals(10, p.samples().size());
    assertEquals(sample("c_total", Map.of("a", "x"), 3), p.samples().get(0));
    assertEquals("A counter.", p.help().get("c_total"));
    assertEquals(
        Map.of(
            "c_total", MetricType.COUNTER,
            "g", MetricType.GAUGE,
            "s", MetricType.SUMMARY,
            "h", MetricType.HISTOGRAM,
            "u", MetricType.UNTYPED),
        p.types());
    assertEquals("s", p.familyOf("s_sum"));
    assertEquals("h", p.familyOf("h_bucket"));
    assertEquals(MetricType.HISTOGRAM, p.typeOf("h_count"));
    assertEquals("g_sum", p.familyOf("g_sum"), "a gauge has no _sum sample");
    assertEquals(MetricType.UNTYPED, p.typeOf("never_declared"));
    assertTrue(Double.isNaN(p.samples().get(2).value()));
  }

  @Test
  void unescapesLabelValuesAndHelpText() {
    ParsedText p =
        PrometheusTextParser.parse(
            "# HELP m Line one\\nback\\\\slash \"quoted\"\n"
                + "m{path=\"C:\\\\dir\",msg=\"say \\\"hi\\\"\",multi=\"a\\nb\"} 1\n");
    assertEquals(0, p.malformedLines());
    assertEquals("Line one\nback\\slash \"quoted\"", p.help().get("m"));
    assertEquals(
        Map.of("path", "C:\\dir", "msg", "say \"hi\"", "multi", "a\nb"),
        p.samples().get(0).labels());
  }

  @Test
  void readsSpecialValuesAndOptionalTimestamps() {
    ParsedText p =
        PrometheusTextParser.parse(
            "a NaN\nb +Inf\nc -Inf\nd 1.5e+09 1700000000123\ne -0.25 -5\nf 1E-3\ng inf\nh .5\n");
    assertEquals(0, p.malformedLines());
    List<Sample> s = p.samples();
    assertTrue(Double.isNaN(s.get(0).value()));
    assertEquals(Double.POSITIVE_INFINITY, s.get(1).value());
    assertEquals(Double.NEGATIVE_INFINITY, s.get(2).value());
    assertEquals(1.5e9, s.get(3).value());
    assertEquals(OptionalLong.of(1700000000123L), s.get(3).timestampMillis());
    assertEquals(OptionalLong.of(-5), s.get(4).timestampMillis());
    assertEquals(0.001, s.get(5).value());
    assertEquals(Double.POSITIVE_INFINITY, s.get(6).value());
    assertEquals(0.5, s.get(7).value());
    assertEquals(OptionalLong.empty(), s.get(0).timestampMillis());
  }

  @Test
  void toleratesBlankLinesCommentsTabsCrlfTrailingCommaAndNoFinalNewline() {
    ParsedText p =
        PrometheusTextParser.parse(
            "\n\n# just a comment\n#\n  \t\nx{a=\"1\",} 1\r\n\ty \t { b = \"2\" } \t 2\r\nz 3");
    assertEquals(0, p.malformedLines());
    assertEquals(
        List.of(
            sample("x", Map.of("a", "1"), 1),
            sample("y", Map.of("b", "2"), 2),
            sample("z", Map.of(), 3)),
        p.samples());
  }

  @Test
  void emptyInputHasNothing() {
    ParsedText p = PrometheusTextParser.parse("");
    assertEquals(List.of(), p.samples());
    assertEquals(0, p.malformedLines());
    assertEquals(Optional.empty(), p.firstError());
  }

  @Test
  void skipsAndCountsMalformedLinesKeepingTheGoodOnes() {
    String[] bad = {
      "1abc 1",
      "m{a=\"x\" 1",
      "m{a=x} 1",
      "m{a=\"x\\q\"} 1",
      "m{a=\"x\",a=\"y\"} 1",
      "m{=\"x\"} 1",
      "m",
      "m 1d",
      "m 0x1p3",
      "m 12abc",
      "m 1 12.5",
      "m 1 123 extra",
      "m{a=\"unterminated} 1",
      "# TYPE m2 gauge extra",
      "# TYPE m2 bogus",
      "# HELP m3 bad \\q escape",
    };
    ParsedText p = PrometheusTextParser.parse("ok 1\n" + String.join("\n", bad) + "\nok2 2\n");
    assertEquals(bad.length, p.malformedLines());
    assertEquals(List.of("ok", "ok2"), p.samples().stream().map(Sample::name).toList());
    assertEquals(Optional.of("line 2: invalid metric name"), p.firstError());
    assertEquals(Map.of(), p.types());
  }

  @Test
  void rejectsASecondTypeOrHelpLineAndTypeAfterSamples() {
    ParsedText p =
        PrometheusTextParser.parse(
            "# TYPE a gauge\n# TYPE a counter\n# HELP a one\n# HELP a two\nb 1\n# TYPE b gauge\n");
    assertEquals(3, p.malformedLines());
    assertEquals(Map.of("a", MetricType.GAUGE), p.types());
    assertEquals("one", p.help().get("a"));
    assertEquals(Optional.of("line 2: second TYPE line for a"), p.firstError());
  }

  @Test
  void typeKeywordIsCaseInsensitiveLikeGo() {
    ParsedText p = PrometheusTextParser.parse("# TYPE a GAUGE\na 1\n");
    assertEquals(MetricType.GAUGE, p.types().get("a"));
  }

  @Test
  void capsTheFirstErrorSoALogLineStaysShort() {
    String longName = "n".repeat(5000);
    ParsedText p = PrometheusTextParser.parse(longName + " notanumber\n");
    assertEquals(1, p.malformedLines());
    assertEquals(203, p.firstError().orElseThrow().length());
  }
}
