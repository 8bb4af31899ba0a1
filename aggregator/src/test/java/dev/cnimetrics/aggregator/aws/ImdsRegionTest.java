package dev.cnimetrics.aggregator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.testkit.http.FakeHttpServer;
import dev.cnimetrics.testkit.http.FakeImds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The region read the aggregator does when neither --region nor the reports name one. Before the
 * shared IMDS session it read unbounded bodies and sent the token PUT's body as the token whatever
 * the PUT's status.
 */
class ImdsRegionTest {

  @Test
  void readsTheRegionWithASessionToken() throws Exception {
    try (FakeHttpServer imds = new FakeHttpServer(FakeImds.responder(FakeImds.M5_LARGE))) {
      assertEquals(Optional.of("us-east-1"), new ImdsRegion(imds.uri("/")).region());
      assertEquals(
          List.of("PUT /latest/api/token", "GET " + ImdsRegion.PATH),
          imds.requests().stream().map(r -> r.method() + " " + r.path()).toList());
    }
  }

  @Test
  void aRefusedTokenIsNeverSentOn() throws Exception {
    try (FakeHttpServer imds =
        new FakeHttpServer(
            FakeHttpServer.fixed(
                403, "text/plain", "Forbidden".getBytes(StandardCharsets.UTF_8)))) {
      assertEquals(Optional.empty(), new ImdsRegion(imds.uri("/")).region());
      assertEquals(1, imds.requests().size(), "no GET with the 403's body as its token");
    }
  }

  @Test
  void anEndlessAnswerCostsItsLimitNotTheHeap() throws Exception {
    byte[] huge = new byte[10 << 20];
    Arrays.fill(huge, (byte) 'a');
    try (FakeHttpServer imds = new FakeHttpServer(FakeHttpServer.fixed(200, "text/plain", huge))) {
      assertEquals(Optional.empty(), new ImdsRegion(imds.uri("/")).region());
      // The client stops reading at the limit and hangs up: the server wrote far less than 10 MiB.
      assertEquals(true, imds.bodyBytesWritten() < huge.length, "" + imds.bodyBytesWritten());
    }
  }
}
