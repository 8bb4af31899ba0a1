package dev.cnimetrics.agent.promtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.agent.ipamd.CatalogueExtractor;
import dev.cnimetrics.agent.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 seeded random mutations of the ipamd fixtures: the parser and the catalogue extraction
 * never throw and never hang. A failure prints the seed and iteration to replay it.
 */
class ParserFuzzTest {

  private static final long SEED = 20_191_122L;
  private static final int ITERATIONS = 100_000;
  private static final char[] SPECIAL = {
    '{', '}', '"', '\\', '=', ',', '#', ' ', '\t', '\n', '\r', 'n', 'e', '+', '-', '.', 'I', 'N',
    '\0', '\uFFFD', '\uD800'
  };

  @Test
  void randomMutationsOfTheFixturesNeverThrowNorHang() {
    List<String> seeds =
        List.of(Fixtures.text("ipamd/current.prom"), Fixtures.text("ipamd/v2019.prom"));
    Random random = new Random(SEED);
    int[] withMalformed = {0};
    assertTimeoutPreemptively(
        Duration.ofMinutes(3),
        () -> {
          for (int i = 0; i < ITERATIONS; i++) {
            String input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
              ParsedText parsed = PrometheusTextParser.parse(input);
              CatalogueExtractor.extract(parsed);
              long lines = input.chars().filter(c -> c == '\n').count() + 1;
              assertTrue(parsed.samples().size() + parsed.malformedLines() <= lines);
              if (parsed.malformedLines() > 0) {
                withMalformed[0]++;
              }
            } catch (RuntimeException | Error e) {
              throw new AssertionError("seed=" + SEED + " iteration=" + i + ": " + e, e);
            }
          }
        });
    // The mutations must actually reach the error paths, or this test proves nothing.
    assertTrue(
        withMalformed[0] > ITERATIONS / 2,
        "mutated inputs with malformed lines: " + withMalformed[0]);
  }

  @Test
  void unmutatedFixturesParseCleanly() {
    assertEquals(
        0, PrometheusTextParser.parse(Fixtures.text("ipamd/current.prom")).malformedLines());
    assertEquals(0, PrometheusTextParser.parse(Fixtures.text("ipamd/v2019.prom")).malformedLines());
  }

  private static String mutate(String text, Random random) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + random.nextInt(8);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(6)) {
        case 0 -> sb.setCharAt(at, SPECIAL[random.nextInt(SPECIAL.length)]);
        case 1 -> sb.insert(at, SPECIAL[random.nextInt(SPECIAL.length)]);
        case 2 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(40)));
        case 3 -> sb.setLength(at);
        case 4 -> sb.setCharAt(at, (char) random.nextInt(0x10000));
        default -> {
          int from = random.nextInt(sb.length());
          int to = Math.min(sb.length(), from + random.nextInt(200));
          sb.insert(at, sb.substring(from, to));
        }
      }
    }
    return sb.toString();
  }
}
