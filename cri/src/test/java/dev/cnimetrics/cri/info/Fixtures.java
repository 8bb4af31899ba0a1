package dev.cnimetrics.cri.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded verbose "info" JSON, written for these tests from the runtimes' public formats. */
public final class Fixtures {
  private Fixtures() {}

  public static String info(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name + ".json");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
