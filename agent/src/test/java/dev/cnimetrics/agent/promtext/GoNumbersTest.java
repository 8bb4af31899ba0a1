package dev.cnimetrics.agent.promtext;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoNumbersTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "+1, 1",
    "-.5, -0.5",
    "5., 5",
    "1e5, 100000",
    "1E-05, 0.00001",
    "-1.5e+3, -1500",
    "007, 7",
    "NaN, NaN",
    "nan, NaN",
    "Inf, Infinity",
    "-INF, -Infinity",
    "+Infinity, Infinity"
  })
  void acceptsGoFloats(String token, double expected) {
    assertEquals(true, GoNumbers.isFloat(token), token);
    assertEquals(expected, GoNumbers.toDouble(token), token);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "+",
        "-",
        ".",
        "e5",
        "1e",
        "1e+",
        "1.5.2",
        "1d",
        "1f",
        "0x1p3",
        "+NaN",
        "1_000",
        "٣",
        "1 ",
        "Infinityy"
      })
  void rejectsEverythingElse(String token) {
    assertEquals(false, GoNumbers.isFloat(token), token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "1700000000123", "999999999999999999"})
  void acceptsMillisecondTimestamps(String token) {
    assertEquals(true, GoNumbers.isMillis(token), token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "1.5", "1e3", "+5", "9999999999999999999", "12a"})
  void rejectsOtherTimestamps(String token) {
    assertEquals(false, GoNumbers.isMillis(token), token);
  }
}
