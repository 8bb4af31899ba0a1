package dev.cnimetrics.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet;
import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch;
import dev.cnimetrics.aggregator.testing.FakeCloudWatch.Datum;
import dev.cnimetrics.aggregator.testing.ReportJson;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The whole program in-process: flags in, exit code, stdout and stderr out. */
@EnableKubernetesMockClient
class AggregatorMainTest {
  KubernetesMockServer server;
  KubernetesClient client;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return AggregatorMain.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        client);
  }

  @Test
  void aBadValueIsOneLineAndExitCode2() {
    assertEquals(2, run(Map.of(), "--interval", "soon"));
    assertEquals(
        "--interval: expected a positive duration such as 30s, 2m or 500ms, found \"soon\"\n",
        err.toString(StandardCharsets.UTF_8));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, run(Map.of("USE_CLOUDWATCH", "sometimes")));
    assertEquals(
        "USE_CLOUDWATCH: expected true or false, found \"sometimes\"\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aMissingTokenFileIsOneLineAndExitCode1() {
    assertEquals(
        1,
        run(
            Map.of(),
            "--agents",
            "127.0.0.1:1",
            "--listen",
            "127.0.0.1:0",
            "--imds=false",
            "--auth-token-file",
            "/nonexistent/token"));
    assertEquals(
        "--auth-token-file: expected a file holding one bearer token of 16 to 4096 characters"
            + " A-Z a-z 0-9 - . _ ~ + / (then = padding), found no file /nonexistent/token\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void missingRbacIsNamedAndExitCode1() {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReply(
            201,
            r -> {
              try {
                com.fasterxml.jackson.databind.node.ObjectNode review =
                    (com.fasterxml.jackson.databind.node.ObjectNode)
                        new ObjectMapper().readTree(r.getUtf8Body());
                boolean update =
                    review.at("/spec/resourceAttributes/verb").asText().equals("update");
                review.putObject("status").put("allowed", !update);
                return review;
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            })
        .always();
    assertEquals(
        1, run(Map.of(), "--namespace", "cni-metrics", "--listen", "127.0.0.1:0", "--imds=false"));
    assertEquals(
        "RBAC: this service account may not update leases.coordination.k8s.io in namespace"
            + " \"cni-metrics\"; expected Roles bound to it with pods get/list/watch in the agents'"
            + " namespace and coordination.k8s.io leases get/create/update in the Lease's (install/"
            + " ships both)\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void staticAgentsThreeCyclesToCloudWatchAndEmf() throws Exception {
    try (FakeCloudWatch cloudWatch = new FakeCloudWatch();
        FakeAgentFleet fleet =
            new FakeAgentFleet(
                3,
                i -> Kind.OK,
                (i, n) ->
                    ReportJson.node("node-" + i)
                        .gauge("assignIPAddresses", 10 * (i + 1))
                        .counter("addReqCount", 100 * (i + 1) + (i + 1) * n)
                        .json(),
                Duration.ZERO)) {
      String agents =
          fleet.addresses().stream()
              .map(a -> "127.0.0.1:" + a.getPort())
              .collect(Collectors.joining(","));
      System.setProperty("aws.accessKeyId", FakeCloudWatch.ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", FakeCloudWatch.SECRET_KEY);
      int code;
      try {
        code =
            run(
                Map.of("AWS_CLUSTER_ID", "e2e", "AWS_REGION", FakeCloudWatch.REGION),
                "--agents",
                agents,
                "--interval",
                "1s",
                "--cycles",
                "3",
                "--sinks",
                "cloudwatch,emf,prometheus",
                "--listen",
                "127.0.0.1:0",
                "--cloudwatch-endpoint",
                cloudWatch.endpoint().toString(),
                "--imds=false");
      } finally {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
      assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(3, lines.length, "stdout holds only the EMF lines");
      ObjectMapper json = new ObjectMapper();
      JsonNode last = json.readTree(lines[2]);
      assertEquals("e2e", last.get("CLUSTER_ID").asText());
      assertEquals(60.0, last.get("assignIPAddresses").asDouble());
      assertEquals(6.0, last.get("addReqCount").asDouble(), "1 + 2 + 3 per cycle");
      assertEquals(3.0, last.get("nodesReporting").asDouble());
      assertTrue(json.readTree(lines[0]).get("addReqCount") == null, "first cycle: baselines");

      assertEquals(List.of(), cloudWatch.rejections());
      assertEquals(3, cloudWatch.requests());
      List<Instant> stamps =
          cloudWatch.datums().stream().map(Datum::timestamp).distinct().sorted().toList();
      assertEquals(3, stamps.size());
      for (int i = 0; i < 3; i++) {
        assertEquals(
            json.readTree(lines[i]).at("/_aws/Timestamp").asLong(), stamps.get(i).toEpochMilli());
        assertEquals(0, stamps.get(i).toEpochMilli() % 1000, "cycles sit on interval boundaries");
      }
    }
  }
}
