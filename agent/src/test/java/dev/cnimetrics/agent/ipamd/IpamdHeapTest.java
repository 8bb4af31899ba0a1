package dev.cnimetrics.agent.ipamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.testkit.http.FakeHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ipamd answers at the body limit with many tiny series, read by a JVM started with the image's
 * flags ({@code scripts/runtime.sh jvm-args agent}, without the CDS archive): the read must finish
 * with an answer, never an OutOfMemoryError (the flags exit the JVM on one). Prints the heap peak.
 */
class IpamdHeapTest {
  private static final int LIMIT = 1 << 20;

  /** The real fixture, then tiny series (`a123 1`) up to exactly {@code size} bytes. */
  private static byte[] tinySeries(int size) {
    StringBuilder b = new StringBuilder(Fixtures.text("ipamd/current.prom"));
    for (int i = 0; b.length() < size - 16; i++) {
      b.append('a').append(i).append(" 1\n");
    }
    while (b.length() < size) {
      b.append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String probe(FakeHttpServer ipamd, int limit) throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Process flags =
        new ProcessBuilder(
                "bash", root.resolve("scripts/runtime.sh").toString(), "jvm-args", "agent", "/x")
            .redirectErrorStream(true)
            .start();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag :
        new String(flags.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (!flag.isBlank() && !flag.startsWith("-XX:SharedArchiveFile")) {
        command.add(flag);
      }
    }
    assertEquals(0, flags.waitFor());
    assertTrue(command.contains("-Xmx48m"), "the image's heap flags: " + command);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            IpamdHeapProbe.class.getName(),
            ipamd.uri("/metrics").toString(),
            String.valueOf(limit)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
    assertEquals(0, p.exitValue(), "probe died: " + out);
    String line = out.lines().filter(l -> l.startsWith("state=")).findFirst().orElse(out);
    System.out.println("ipamd body of " + limit + " bytes: " + line);
    return line;
  }

  /** The fixture, then per-CIDR series of value 1, each padded so 9,000 fill {@code size}. */
  private static byte[] wideSeries(int size, int count) {
    StringBuilder b = new StringBuilder(Fixtures.text("ipamd/current.prom"));
    int each = (size - b.length()) / count;
    for (int i = 0; i < count; i++) {
      String head = "awscni_assigned_ip_per_cidr{cidr=\"10." + i + ".0/28\",pad=\"";
      String tail = "\"} 1\n";
      b.append(head).append("x".repeat(each - head.length() - tail.length())).append(tail);
    }
    while (b.length() < size) {
      b.append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBodyAtTheLimitOfTinySeriesIsRefusedAtTheSeriesCapNotByDying() throws Exception {
    try (FakeHttpServer ipamd =
        new FakeHttpServer(FakeHttpServer.fixed(200, "text/plain", tinySeries(LIMIT)))) {
      String line = probe(ipamd, LIMIT);
      assertTrue(line.startsWith("state=DOWN") && line.contains("more than 10000 series"), line);
    }
  }

  @Test
  void aBodyAtTheLimitUnderTheSeriesCapIsReadWhole() throws Exception {
    byte[] body = wideSeries(LIMIT, 9000);
    assertEquals(LIMIT, body.length);
    try (FakeHttpServer ipamd = new FakeHttpServer(FakeHttpServer.fixed(200, "text/plain", body))) {
      String line = probe(ipamd, LIMIT);
      // The fixture's 4 CIDR series sum to 7; 9,000 more of 1.
      assertTrue(line.startsWith("state=UP") && line.contains("perCidr=9007.0"), line);
    }
  }
}
