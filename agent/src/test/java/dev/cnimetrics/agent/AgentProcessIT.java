package dev.cnimetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.agent.e2e.AgentProcess;
import dev.cnimetrics.agent.promtext.ParsedText;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.agent.testing.Fixtures;
import dev.cnimetrics.testkit.http.FakeHttpServer;
import dev.cnimetrics.testkit.http.FakeImds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a real process ({@code java -jar target/cni-metrics-agent.jar}) against a
 * loopback stand-in for ipamd and IMDS: stdout carries exactly what --once prints, logs go to
 * stderr, flags and environment behave as documented.
 */
class AgentProcessIT {

  private static final String NODE = "ip-10-0-1-23.ec2.internal";

  @TempDir Path dir;
  private FakeHttpServer ipamd;
  private FakeHttpServer imds;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void startFakes() throws IOException {
    ipamd =
        new FakeHttpServer(
            FakeHttpServer.fixed(200, "text/plain", Fixtures.bytes("ipamd/current.prom")));
    imds = new FakeHttpServer(FakeImds.responder(FakeImds.M5_LARGE));
  }

  @AfterEach
  void stopFakes() throws IOException {
    ipamd.close();
    imds.close();
  }

  private Result agent(Map<String, String> env, String... args) throws Exception {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb =
        AgentProcess.command(env, List.of(args))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("agent did not exit within 60s: " + pb.command());
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private String[] onceArgs(String mode) {
    return new String[] {
      "--once=" + mode,
      "--node-name=" + NODE,
      "--ipamd-url=" + ipamd.uri("/metrics"),
      "--cri-endpoint=none",
      "--imds-endpoint=" + imds.uri("")
    };
  }

  @Test
  void onceReportPrintsExactlyTheReport() throws Exception {
    Result r = agent(Map.of(), onceArgs("report"));
    assertEquals(0, r.exit(), r.err());
    String stable =
        r.out()
            .replaceFirst(
                "\"collectedAt\" : \"[^\"]+\"", "\"collectedAt\" : \"2026-11-21T10:00:00.123Z\"")
            .replaceFirst(
                "\"scrapeDurationSeconds\" : [0-9.E-]+", "\"scrapeDurationSeconds\" : 0.004");
    assertEquals(Fixtures.text("ipamd/current.report.json"), stable);
    assertTrue(r.err().contains("instance metadata read id=i-0123456789abcdef0"), r.err());
  }

  @Test
  void onceMetricsPrintsExactlyTheExposition() throws Exception {
    Result r = agent(Map.of(), onceArgs("metrics"));
    assertEquals(0, r.exit(), r.err());
    String stable =
        r.out()
            .replaceFirst("(?m)^(cni_metrics_agent_ipamd_scrape_duration_seconds) .*$", "$1 0.004")
            .replaceAll(
                "(?m)^(cni_metrics_agent_collector_duration_seconds\\{[^}]*\\}) .*$", "$1 0.004")
            .replaceFirst("version=\"[^\"]+\"", "version=\"VERSION\"");
    assertEquals(Fixtures.text("ipamd/current.metrics.txt"), stable);
    ParsedText parsed = PrometheusTextParser.parse(r.out());
    assertEquals(0, parsed.malformedLines());
  }

  @Test
  void environmentVariablesConfigureTheProcess() throws Exception {
    Result r =
        agent(
            Map.of(
                "NODE_NAME", "node-env",
                "CNI_METRICS_ONCE", "report",
                "CNI_METRICS_IPAMD_URL", ipamd.uri("/metrics").toString(),
                "CNI_METRICS_CRI_ENDPOINT", "none",
                "CNI_METRICS_IMDS", "false"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"node\" : \"node-env\""), r.out());
    assertTrue(r.out().contains("\"addReqCount\" : 57.0"), r.out());
    assertTrue(!r.out().contains("\"instance\""), r.out());
    assertEquals(List.of(), imds.requests());
  }

  @Test
  void aBadFlagIsOneLineOnStderrAndExitCode2() throws Exception {
    Result r = agent(Map.of(), "--node-name=n", "--imds=false", "--refresh-interval=fast");
    assertEquals(
        new Result(
            2,
            "",
            "cni-metrics-agent: --refresh-interval: expected a duration from 1s to 1h written"
                + " like 500ms, 10s or 2m, found \"fast\"\n"),
        r);
  }

  @Test
  void ipamdDownStillPrintsAReportAndExits0() throws Exception {
    ipamd.setResponder(FakeHttpServer.fixed(503, "text/plain", new byte[0]));
    Result r =
        agent(
            Map.of(),
            "--once=report",
            "--node-name=n",
            "--imds=false",
            "--cri-endpoint=none",
            "--ipamd-url=" + ipamd.uri("/metrics"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .contains(
                "\"error\" : \"ipamd " + ipamd.uri("/metrics") + ": HTTP 503 (expected 200)\""),
        r.out());
    assertTrue(r.err().contains("WARN IpamdCollector - ipamd down: ipamd "), r.err());
  }
}
