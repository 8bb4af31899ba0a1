package dev.cnimetrics.aggregator.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.JvmSettings;
import dev.cnimetrics.aggregator.aggregate.Coverage;
import dev.cnimetrics.aggregator.aggregate.MetricValue;
import dev.cnimetrics.aggregator.aws.AwsClients;
import dev.cnimetrics.aggregator.metrics.SinkMetrics;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.aggregator.sink.Publication;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Datum;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Fault;
import dev.cnimetrics.report.Catalogue;
import dev.cnimetrics.report.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The CloudWatch sink against {@link FakeCloudWatch} — a test double, because no CloudWatch
 * emulator speaking the SDK's Smithy RPC v2 CBOR protocol can run here; it is a real HTTP server
 * that verifies SigV4 and decodes the CBOR (and gzip) bodies the real SDK sends.
 */
class CloudWatchSinkTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** The 20 catalogue names; counters carry the cycle number so every cycle is distinct. */
  /** Gauges, counters, latency: the order the fake CloudWatch receives them in. */
  private static final List<String> CATALOGUE =
      Arrays.stream(Catalogue.Kind.values())
          .flatMap(k -> Catalogue.ofKind(k).stream())
          .map(Catalogue.Entry::name)
          .toList();

  /** Datums of one cycle: every catalogue name and the 4 coverage counts. */
  private static final int PER_CYCLE = CATALOGUE.size() + 4;

  private FakeCloudWatch fake;
  private CloudWatchClient client;
  private final Map<String, Integer> results = new TreeMap<>();
  private int backlog;
  private int dropped;
  private final SinkMetrics recorder =
      new SinkMetrics() {
        @Override
        public void request(String result) {
          results.merge(result, 1, Integer::sum);
        }

        @Override
        public void backlog(int cycles) {
          backlog = cycles;
        }

        @Override
        public void dropped(int cycles) {
          dropped += cycles;
        }
      };

  @BeforeEach
  void start() throws Exception {
    fake = new FakeCloudWatch();
    client = client(FakeCloudWatch.credentials(), Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  private CloudWatchClient client(StaticCredentialsProvider creds, Duration timeout) {
    return AwsClients.cloudWatch(FakeCloudWatch.REGION, fake.endpoint(), creds, timeout);
  }

  private CloudWatchSink sink(int maxCycles) {
    return new CloudWatchSink(() -> client, "Kubernetes", maxCycles, recorder);
  }

  private static Publication cycle(int n) {
    List<MetricValue> values = new ArrayList<>();
    for (String name : CATALOGUE) {
      values.add(
          name.equals("awsAPILatency")
              ? new MetricValue(name, 2.5 + n, Unit.MILLISECONDS)
              : new MetricValue(name, 100 * n + values.size(), Unit.COUNT));
    }
    return new Publication(
        T0.plusSeconds(30L * n),
        new Coverage(3, 2, 1, 0),
        values,
        new EnumMap<>(ExtraDimension.class));
  }

  @Test
  void oneCycleIsOneRequestWithExactDatums() {
    JvmSettings.beforeAnything();
    sink(10).publish(cycle(1), "prod");

    assertEquals(List.of(), fake.rejections());
    assertEquals(1, fake.requests());
    assertEquals(1, fake.accepted().size());
    assertEquals("Kubernetes", fake.accepted().get(0).namespace());
    List<Datum> datums = fake.datums();
    assertEquals(PER_CYCLE, datums.size());
    Map<String, String> cluster = Map.of("CLUSTER_ID", "prod");
    Instant t = T0.plusSeconds(30);
    assertEquals(new Datum("assignIPAddresses", cluster, t, 100, "Count"), datums.get(0));
    assertEquals(
        new Datum("awsAPILatency", cluster, t, 3.5, "Milliseconds"),
        datums.get(CATALOGUE.indexOf("awsAPILatency")));
    assertEquals(new Datum("nodesExpected", cluster, t, 3, "Count"), datums.get(CATALOGUE.size()));
    assertEquals(
        new Datum("nodesReporting", cluster, t, 2, "Count"), datums.get(CATALOGUE.size() + 1));
    assertEquals(new Datum("nodesStale", cluster, t, 1, "Count"), datums.get(CATALOGUE.size() + 2));
    assertEquals(
        new Datum("nodesFailed", cluster, t, 0, "Count"), datums.get(CATALOGUE.size() + 3));
    assertTrue(
        datums.stream().allMatch(d -> d.timestamp().equals(t) && d.dimensions().equals(cluster)));
    assertEquals(Map.of("ok", 1), results);
    assertEquals(0, backlog);
  }

  @Test
  void afterThrottlingAnd5xxEveryCycleArrivesExactlyOnceWithItsOwnTimestamp() {
    fake.fail(Fault.THROTTLE, 2);
    fake.fail(Fault.SERVER_ERROR, 2);
    CloudWatchSink sink = sink(120);
    for (int n = 1; n <= 4; n++) {
      sink.publish(cycle(n), "prod");
      assertEquals(n, backlog, "cycles waiting after failed cycle " + n);
    }
    assertTrue(fake.datums().isEmpty());

    sink.publish(cycle(5), "prod");

    assertEquals(List.of(), fake.rejections());
    assertEquals(Map.of("ok", 1, "server_error", 2, "throttled", 2), results);
    assertEquals(5, fake.requests(), "4 failed attempts (no SDK retries) + 1 replay");
    assertEquals(1, fake.accepted().size(), "5 cycles × " + PER_CYCLE + " datums fit one request");
    assertTrue(fake.accepted().get(0).gzip(), "a 120-datum body is over the SDK's gzip threshold");
    assertEquals(0, backlog);
    Map<Instant, List<Datum>> byCycle =
        fake.datums().stream()
            .collect(Collectors.groupingBy(Datum::timestamp, TreeMap::new, Collectors.toList()));
    assertEquals(5, byCycle.size());
    for (int n = 1; n <= 5; n++) {
      List<Datum> got = byCycle.get(T0.plusSeconds(30L * n));
      assertEquals(PER_CYCLE, got.size(), "cycle " + n);
      Datum addReq =
          got.stream().filter(d -> d.name().equals("addReqCount")).findFirst().orElseThrow();
      assertEquals(100 * n + 14, addReq.value(), "cycle " + n + " keeps its own value");
    }
    assertEquals(
        fake.datums().size(),
        fake.datums().stream().map(d -> d.name() + d.timestamp()).distinct().count(),
        "no datum twice");
  }

  @Test
  void aFullBacklogDropsTheOldestCyclesAndCountsThem() {
    fake.fail(Fault.SERVER_ERROR, 5);
    CloudWatchSink sink = sink(3);
    for (int n = 1; n <= 6; n++) {
      sink.publish(cycle(n), "prod");
    }
    assertEquals(3, dropped);
    List<Instant> arrived =
        fake.datums().stream().map(Datum::timestamp).distinct().sorted().toList();
    assertEquals(List.of(T0.plusSeconds(120), T0.plusSeconds(150), T0.plusSeconds(180)), arrived);
  }

  @Test
  void moreThan1000DatumsAreSplitAndArriveOnce() {
    Map<String, List<MetricValue>> types = new TreeMap<>();
    for (int i = 0; i < 60; i++) {
      types.put("type-" + i, cycle(1).cluster());
    }
    Map<ExtraDimension, Map<String, List<MetricValue>>> groups =
        new EnumMap<>(ExtraDimension.class);
    groups.put(ExtraDimension.INSTANCE_TYPE, types);
    Publication big = new Publication(T0, new Coverage(60, 60, 0, 0), cycle(1).cluster(), groups);

    sink(10).publish(big, "prod");

    assertEquals(2, fake.accepted().size());
    assertEquals(1000, fake.accepted().get(0).datums().size());
    assertEquals(PER_CYCLE + 60 * CATALOGUE.size(), fake.datums().size());
    Map<String, Long> perType =
        fake.datums().stream()
            .filter(d -> d.dimensions().containsKey("InstanceType"))
            .collect(
                Collectors.groupingBy(
                    d -> d.dimensions().get("InstanceType"), Collectors.counting()));
    assertEquals(60, perType.size());
    assertTrue(perType.values().stream().allMatch(c -> c == CATALOGUE.size()));
    assertEquals(
        Map.of("CLUSTER_ID", "prod", "InstanceType", "type-7"),
        fake.datums().stream()
            .filter(d -> "type-7".equals(d.dimensions().get("InstanceType")))
            .findFirst()
            .orElseThrow()
            .dimensions());
  }

  @Test
  void aLostAnswerIsNotResentSoNothingIsStoredTwice() {
    JvmSettings.beforeAnything();
    client.close();
    client = client(FakeCloudWatch.credentials(), Duration.ofMillis(800));
    fake.slowAnswer(Duration.ofMillis(2500));
    fake.fail(Fault.STORE_THEN_HANG, 1);
    CloudWatchSink sink = sink(10);

    sink.publish(cycle(1), "prod");
    sink.publish(cycle(2), "prod");

    assertEquals(Map.of("ok", 1, "unknown", 1), results);
    assertEquals(2, fake.requests(), "neither the SDK nor HttpURLConnection resent the request");
    assertEquals(2 * PER_CYCLE, fake.datums().size(), "each cycle stored once");
    assertEquals(2, fake.datums().stream().map(Datum::timestamp).distinct().count());
  }

  @Test
  void aBadSignatureIsRefusedByTheFakeAndTheCycleIsKept() {
    client.close();
    client =
        client(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(FakeCloudWatch.ACCESS_KEY, "wrong")),
            Duration.ofSeconds(2));
    sink(10).publish(cycle(1), "prod");
    assertEquals(List.of("signature mismatch"), fake.rejections());
    assertEquals(Map.of("auth", 1), results);
    assertEquals(1, backlog);
  }

  @Test
  void cyclesWaitForTheClusterIdAndKeepTheirTimestamps() {
    CloudWatchSink sink = sink(10);
    sink.publish(cycle(1), null);
    sink.publish(cycle(2), null);
    assertEquals(0, fake.requests());
    assertEquals(2, backlog);
    sink.publish(cycle(3), "from-tags");
    Map<Instant, Long> perCycle =
        fake.datums().stream()
            .collect(Collectors.groupingBy(Datum::timestamp, HashMap::new, Collectors.counting()));
    assertEquals(
        Map.of(
            T0.plusSeconds(30),
            (long) PER_CYCLE,
            T0.plusSeconds(60),
            (long) PER_CYCLE,
            T0.plusSeconds(90),
            (long) PER_CYCLE),
        perCycle);
    assertFalse(
        fake.datums().stream()
            .anyMatch(d -> !d.dimensions().get("CLUSTER_ID").equals("from-tags")));
  }
}
