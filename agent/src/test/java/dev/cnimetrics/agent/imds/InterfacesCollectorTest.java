package dev.cnimetrics.agent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.testkit.http.FakeHttpServer;
import dev.cnimetrics.testkit.http.FakeImds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ENI reader's cadence against the loopback IMDS stand-in. */
class InterfacesCollectorTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private FakeHttpServer imds;
  private Instant now = T0;
  private final Set<String> ipamdEnis = new HashSet<>(Set.of("eni-0a1b2c3d4e5f60001"));

  @AfterEach
  void stop() throws IOException {
    imds.close();
  }

  private InterfacesCollector collector() {
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    return new InterfacesCollector(new ImdsClient(imds.uri("")), () -> ipamdEnis, clock);
  }

  private long puts() {
    return imds.requests().stream().filter(r -> r.method().equals("PUT")).count();
  }

  @Test
  void readsAgainOnlyWhenIpamdNamesANewEniOrAMinutePassed() throws IOException {
    imds = new FakeHttpServer(FakeImds.responder(FakeImds.TWO_ENIS));
    InterfacesCollector c = collector();
    InterfacesSnapshot first = c.collect();
    assertEquals(2, first.interfaces().size());
    assertEquals(Optional.of(T0), first.readAt());
    now = T0.plusSeconds(10);
    ipamdEnis.add("eni-0a1b2c3d4e5f60002");
    assertEquals(first, c.collect());
    assertEquals(1, puts());
    now = T0.plusSeconds(20);
    ipamdEnis.add("eni-0a1b2c3d4e5f60003");
    c.collect();
    assertEquals(2, puts());
    now = T0.plusSeconds(20).plus(Duration.ofSeconds(59));
    ipamdEnis.remove("eni-0a1b2c3d4e5f60003");
    c.collect();
    assertEquals(2, puts());
    now = T0.plusSeconds(80);
    c.collect();
    assertEquals(3, puts());
  }

  @Test
  void aFailedReadKeepsTheLastEnisAndSaysWhy() throws IOException {
    boolean[] down = {false};
    FakeHttpServer.Responder ok = FakeImds.responder(FakeImds.TWO_ENIS);
    imds =
        new FakeHttpServer(
            (rq, a) -> {
              if (down[0]) {
                a.status(500, "text/plain", new byte[0]);
              } else {
                ok.respond(rq, a);
              }
            });
    InterfacesCollector c = collector();
    List<NetworkInterface> good = c.collect().interfaces();
    down[0] = true;
    now = T0.plusSeconds(61);
    InterfacesSnapshot failed = c.collect();
    assertEquals(good, failed.interfaces());
    assertEquals(Optional.of(T0), failed.readAt());
    assertEquals(
        Optional.of("imds " + imds.uri("") + "/latest/api/token: HTTP 500 (expected 200)"),
        failed.error());
  }
}
