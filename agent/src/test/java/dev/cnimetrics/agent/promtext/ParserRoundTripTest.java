package dev.cnimetrics.agent.promtext;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property: any samples written the way Go's client writes them parse back unchanged. */
class ParserRoundTripTest {

  @Property(tries = 3000, seed = "8675309")
  void writtenSamplesParseBackUnchanged(@ForAll("samples") List<Sample> samples) {
    StringBuilder text = new StringBuilder();
    for (Sample s : samples) {
      text.append(s.name());
      if (!s.labels().isEmpty()) {
        text.append('{');
        s.labels().forEach((k, v) -> text.append(k).append("=\"").append(escape(v)).append("\","));
        text.setLength(text.length() - 1);
        text.append('}');
      }
      text.append(' ').append(s.value());
      s.timestampMillis().ifPresent(t -> text.append(' ').append(t));
      text.append('\n');
    }
    ParsedText parsed = PrometheusTextParser.parse(text.toString());
    assertEquals(0, parsed.malformedLines(), () -> parsed.firstError().orElse(""));
    assertEquals(samples, parsed.samples());
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<String> metricName =
        Combinators.combine(
                Arbitraries.strings().withChars("abcXYZ_:").ofLength(1),
                Arbitraries.strings().withChars("abz09_:").ofMaxLength(12))
            .as(String::concat);
    Arbitrary<String> labelName =
        Combinators.combine(
                Arbitraries.strings().withChars("abZ_").ofLength(1),
                Arbitraries.strings().withChars("az09_").ofMaxLength(8))
            .as(String::concat);
    Arbitrary<String> labelValue =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("a\"\\\n {}=,#é").ofMaxLength(10),
            Arbitraries.strings().all().ofMaxLength(10));
    Arbitrary<Map<String, String>> labels = Arbitraries.maps(labelName, labelValue).ofMaxSize(4);
    Arbitrary<Double> value =
        Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.MAX_VALUE,
                Double.MIN_VALUE,
                -0.0));
    Arbitrary<OptionalLong> timestamp =
        Arbitraries.oneOf(
            Arbitraries.just(OptionalLong.empty()),
            Arbitraries.longs()
                .between(-99_999_999_999L, 9_999_999_999_999L)
                .map(OptionalLong::of));
    return Combinators.combine(metricName, labels, value, timestamp)
        .as(Sample::new)
        .list()
        .ofMaxSize(20);
  }
}
