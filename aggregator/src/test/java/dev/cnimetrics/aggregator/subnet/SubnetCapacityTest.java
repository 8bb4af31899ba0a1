package dev.cnimetrics.aggregator.subnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.aggregator.testing.FakeCloudWatch;
import dev.cnimetrics.aggregator.testing.FakeEc2;
import dev.cnimetrics.aggregator.testing.FakeEc2.Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subnet capacity through the real SDK against {@link FakeEc2} — a test double speaking EC2's query
 * protocol (no EC2 emulator runs here) that checks the SigV4 signature.
 */
class SubnetCapacityTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Optional<String> REGION = Optional.of(FakeEc2.REGION);
  private static final Duration FIVE_MIN = Duration.ofMinutes(5);

  private FakeEc2 ec2;
  private Ec2Subnets subnets;
  private final List<String> results = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ec2 = new FakeEc2();
    subnets = new Ec2Subnets(ec2.endpoint(), FakeCloudWatch.credentials(), Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    subnets.close();
    ec2.close();
    assertEquals(List.of(), ec2.rejections());
  }

  /** Lookups run on the calling thread, so each observe sees its own lookup's answer. */
  private SubnetCapacity inline() {
    return new SubnetCapacity(subnets, FIVE_MIN, Runnable::run, results::add);
  }

  @Test
  void looksUpTheUnionInBatchesOfAHundredWithSignedQueryRequests() {
    List<String> ids =
        IntStream.range(0, 150)
            .mapToObj(i -> String.format("subnet-0a1b2c3d4e5f6%04x", i))
            .collect(Collectors.toList());
    ids.forEach(id -> ec2.subnet(id, 1000 + ids.indexOf(id)));
    ec2.subnet("subnet-0ffffffffffffffff", 7);

    Map<String, Long> got = inline().observe(T0, ids, REGION);

    assertEquals(150, got.size());
    assertEquals(1000L, got.get("subnet-0a1b2c3d4e5f60000"));
    assertEquals(1149L, got.get("subnet-0a1b2c3d4e5f60095"));
    assertEquals(2, ec2.calls().size());
    assertEquals(100, ec2.calls().get(0).subnetIds().size());
    assertEquals(50, ec2.calls().get(1).subnetIds().size());
    assertEquals(List.of("ok", "ok"), results);
  }

  @Test
  void asksAtMostOncePerIntervalAndServesTheLastValuesInBetween() {
    ec2.subnet("subnet-0a1b2c3d4e5f60001", 250).subnet("subnet-0a1b2c3d4e5f60002", 3);
    List<String> ids = List.of("subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60001");
    SubnetCapacity capacity = inline();
    for (int cycle = 0; cycle < 10; cycle++) {
      Map<String, Long> got = capacity.observe(T0.plusSeconds(30L * cycle), ids, REGION);
      assertEquals(Map.of("subnet-0a1b2c3d4e5f60001", 250L, "subnet-0a1b2c3d4e5f60002", 3L), got);
    }
    assertEquals(1, ec2.requests());
    ec2.subnet("subnet-0a1b2c3d4e5f60002", 0);
    assertEquals(
        Map.of("subnet-0a1b2c3d4e5f60001", 250L, "subnet-0a1b2c3d4e5f60002", 0L),
        capacity.observe(T0.plus(FIVE_MIN), ids, REGION));
    assertEquals(2, ec2.requests());
  }

  @Test
  void withoutThePermissionTheMetricIsAbsentAndOneLineSaysWhy() {
    ec2.subnet("subnet-0a1b2c3d4e5f60001", 250);
    ec2.fail(Fault.UNAUTHORIZED, 3);
    SubnetCapacity capacity = inline();
    List<String> ids = List.of("subnet-0a1b2c3d4e5f60001");
    String log =
        stderrOf(
            () -> {
              for (int i = 0; i < 3; i++) {
                assertEquals(
                    Map.of(), capacity.observe(T0.plus(FIVE_MIN.multipliedBy(i)), ids, REGION));
              }
            });
    List<String> lines = log.lines().filter(l -> l.contains("subnet capacity")).toList();
    assertEquals(1, lines.size(), log);
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "subnet capacity: EC2 DescribeSubnets denied (UnauthorizedOperation);"
                    + " subnetAvailableIPAddresses is not published until ec2:DescribeSubnets is"
                    + " granted (install/aws/iam-policy-describe-subnets.json) or --subnet-interval=off"),
        lines.get(0));
    assertEquals(List.of("denied", "denied", "denied"), results);
    // Granted later: the next due lookup finds it.
    assertEquals(
        Map.of("subnet-0a1b2c3d4e5f60001", 250L),
        capacity.observe(T0.plus(FIVE_MIN.multipliedBy(3)), ids, REGION));
  }

  @Test
  void aHangingEc2NeverHoldsACycleAndOldValuesExpire() throws Exception {
    ec2.subnet("subnet-0a1b2c3d4e5f60001", 250);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      SubnetCapacity capacity = new SubnetCapacity(subnets, FIVE_MIN, pool, results::add);
      List<String> ids = List.of("subnet-0a1b2c3d4e5f60001");
      capacity.observe(T0, ids, REGION);
      pool.submit(() -> {}).get(5, TimeUnit.SECONDS);
      ec2.slowAnswer(Duration.ofSeconds(4));
      ec2.fail(Fault.HANG, 1);
      long started = System.nanoTime();
      Map<String, Long> during = capacity.observe(T0.plus(FIVE_MIN), ids, REGION);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 500, "observe took " + millis + " ms while EC2 hangs");
      assertEquals(Map.of("subnet-0a1b2c3d4e5f60001", 250L), during);
      // 2 s client timeout: the hanging lookup fails; no second one starts while it runs.
      capacity.observe(T0.plus(FIVE_MIN).plusSeconds(30), ids, REGION);
      pool.submit(() -> {}).get(10, TimeUnit.SECONDS);
      assertEquals(List.of("ok", "error"), results);
      assertEquals(2, ec2.requests());
      // Three intervals after the last good lookup the value is no longer published.
      assertEquals(
          Map.of(),
          capacity.observe(T0.plus(FIVE_MIN.multipliedBy(3)).plusSeconds(1), List.of(), REGION));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nothingIsAskedWithoutARegionOrWithoutSubnets() {
    SubnetCapacity capacity = inline();
    assertEquals(
        Map.of(), capacity.observe(T0, List.of("subnet-0a1b2c3d4e5f60001"), Optional.empty()));
    assertEquals(Map.of(), capacity.observe(T0, List.of(), REGION));
    assertEquals(0, ec2.requests());
  }

  private static String stderrOf(Runnable r) {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // slf4j-simple looks System.err up at every line.
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(stderr);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    stderr.print(log);
    return log;
  }
}
