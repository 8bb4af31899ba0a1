package dev.cnimetrics.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnimetrics.config.Flag;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line: validation messages, exit codes, environment variables. */
class AgentMainTest {

  private static final String[] OK = {
    "--node-name=node-a", "--imds=false", "--ipamd-url=none", "--cri-endpoint=none"
  };

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AgentMain.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The valid base flags, with {@code extra} added or replacing the base value of its flag. */
  private static String[] with(String... extra) {
    Stream<String> base =
        Stream.of(OK).filter(ok -> Stream.of(extra).noneMatch(e -> flag(e).equals(flag(ok))));
    return Stream.concat(base, Stream.of(extra)).toArray(String[]::new);
  }

  private static String flag(String arg) {
    return arg.split("=", 2)[0];
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("--auth-token-file= ", "--auth-token-file: expected a file path, found \" \""),
        Arguments.of(
            "--auth-accept-token-file=/var/run/secrets/cni-metrics/accept-token",
            "--auth-accept-token-file: expected it only together with --auth-token-file, found"
                + " \"/var/run/secrets/cni-metrics/accept-token\""),
        Arguments.of(
            "--node-name=Node_A",
            "--node-name: expected a Kubernetes node name (lowercase letters,"
                + " digits, '-' and '.', at most 253), found \"Node_A\""),
        Arguments.of(
            "--listen=localhost",
            "--listen: expected HOST:PORT such as 0.0.0.0:61682 or"
                + " [::]:61682 (port 0-65535), found \"localhost\""),
        Arguments.of(
            "--listen=0.0.0.0:70000",
            "--listen: expected HOST:PORT such as 0.0.0.0:61682 or"
                + " [::]:61682 (port 0-65535), found \"0.0.0.0:70000\""),
        Arguments.of(
            "--refresh-interval=0s",
            "--refresh-interval: expected a duration from 1s"
                + " to 1h written like 500ms, 10s or 2m, found \"0s\""),
        Arguments.of(
            "--refresh-interval=10",
            "--refresh-interval: expected a duration from 1s"
                + " to 1h written like 500ms, 10s or 2m, found \"10\""),
        Arguments.of("--once=json", "--once: expected report or metrics, found \"json\""),
        Arguments.of(
            "--log-level=verbose",
            "--log-level: expected error, warn, info, debug or" + " trace, found \"verbose\""),
        Arguments.of(
            "--ipamd-url=ftp://127.0.0.1/metrics",
            "--ipamd-url: expected an http:// or https:// URL such"
                + " as http://127.0.0.1:61678/metrics, or none, found \"ftp://127.0.0.1/metrics\""),
        Arguments.of(
            "--ipamd-url=",
            "--ipamd-url: expected an http:// or https:// URL such"
                + " as http://127.0.0.1:61678/metrics, or none, found \"\""),
        Arguments.of(
            "--ipamd-timeout=50ms",
            "--ipamd-timeout: expected a duration from 100ms to"
                + " 1m written like 500ms, 10s or 2m, found \"50ms\""),
        Arguments.of(
            "--ipamd-max-bytes=8MiB",
            "--ipamd-max-bytes: expected a whole number from"
                + " 1024 to 1073741824, found \"8MiB\""),
        Arguments.of("--imds=yes", "--imds: expected true or false, found \"yes\""),
        Arguments.of(
            "--imds-endpoint=169.254.169.254",
            "--imds-endpoint: expected an http:// or https://"
                + " URL such as http://169.254.169.254, found \"169.254.169.254\""),
        Arguments.of(
            "--cri-endpoint=tcp://10.0.0.1:10010",
            "--cri-endpoint: expected auto, none or"
                + " unix:///<absolute socket path>, found \"tcp://10.0.0.1:10010\""),
        Arguments.of(
            "--cri-endpoint=unix://run/containerd/containerd.sock",
            "--cri-endpoint: expected auto, none or"
                + " unix:///<absolute socket path>, found \"unix://run/containerd/containerd.sock\""),
        Arguments.of(
            "--netns-dir=run/netns",
            "--netns-dir: expected an absolute, normalized directory"
                + " other than / such as /var/run/netns, found \"run/netns\""),
        Arguments.of(
            "--netns-dir=/var/run/netns/",
            "--netns-dir: expected an absolute, normalized directory"
                + " other than / such as /var/run/netns, found \"/var/run/netns/\""),
        Arguments.of(
            "--netns-method=ebpf",
            "--netns-method: expected auto, netlink or setns," + " found \"ebpf\""),
        Arguments.of(
            "--cri-timeout=0s",
            "--cri-timeout: expected a duration from 100ms to 1m"
                + " written like 500ms, 10s or 2m, found \"0s\""),
        Arguments.of(
            "--bogus", "command line: expected a flag that --help lists, found \"--bogus\""),
        Arguments.of("--listen", "--listen: expected a value after the flag, found nothing"),
        Arguments.of(
            "node-a", "command line: expected --flag=value arguments only, found \"node-a\""));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void badFlagValueGivesOneLineAndExitCode2(String arg, String message) {
    Run r = run(Map.of(), with(arg));
    assertEquals(new Run(2, "", "cni-metrics-agent: " + message + "\n"), r);
  }

  @Test
  void missingNodeNameSaysFoundNothing() {
    Run r = run(Map.of(), "--once=report", "--imds=false", "--ipamd-url=none");
    assertEquals(
        new Run(
            2,
            "",
            "cni-metrics-agent: --node-name: expected a Kubernetes node name"
                + " (lowercase letters, digits, '-' and '.', at most 253), found nothing\n"),
        r);
  }

  @Test
  void badEnvironmentValueIsReportedTheSameWay() {
    Run r = run(Map.of("CNI_METRICS_REFRESH_INTERVAL", "soon\n"), OK);
    assertEquals(2, r.exit());
    assertEquals(
        "cni-metrics-agent: CNI_METRICS_REFRESH_INTERVAL: expected a"
            + " duration from 1s to 1h written like 500ms, 10s or 2m, found \"soon\\n\"\n",
        r.err());
  }

  @Test
  void environmentVariablesSupplyEveryFlag() {
    Run r =
        run(
            Map.of(
                "NODE_NAME", "node-from-env",
                "CNI_METRICS_IPAMD_URL", "none",
                "CNI_METRICS_CRI_ENDPOINT", "none",
                "CNI_METRICS_IMDS", "false",
                "CNI_METRICS_ONCE", "report"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"node\" : \"node-from-env\""), r.out());
    assertTrue(r.out().contains("\"error\" : \"ipamd disabled (--ipamd-url=none)\""), r.out());
    assertTrue(!r.out().contains("\"instance\""), r.out());
  }

  @Test
  void theCommandLineBeatsTheEnvironment() {
    Run r =
        run(
            Map.of("NODE_NAME", "Not Valid", "CNI_METRICS_IPAMD_URL", "ftp://x"),
            with("--once=report"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"node\" : \"node-a\""), r.out());
  }

  @Test
  void environmentValuesAreTakenLiterally() {
    Run r = run(Map.of("CNI_METRICS_IPAMD_URL", "${sys:user.home}"), "--node-name=a");
    assertEquals(
        new Run(
            2,
            "",
            "cni-metrics-agent: CNI_METRICS_IPAMD_URL: expected an http:// or"
                + " https:// URL such as http://127.0.0.1:61678/metrics, or none, found"
                + " \"${sys:user.home}\"\n"),
        r);
  }

  @Test
  void onceMetricsPrintsOnlyTheExposition() {
    Run r = run(Map.of(), with("--once=metrics"));
    assertEquals(0, r.exit(), r.err());
    // ipamd and CRI are off: the build info and the loop's own series for the ipamd collector
    // (a disabled source does not fail), whose duration varies.
    assertEquals(
        """
        # HELP cni_metrics_agent_build_info The agent's version.
        # TYPE cni_metrics_agent_build_info gauge
        cni_metrics_agent_build_info{version="dev"} 1
        # HELP cni_metrics_agent_collector_duration_seconds Duration of the collector's last refresh, by collector.
        # TYPE cni_metrics_agent_collector_duration_seconds gauge
        cni_metrics_agent_collector_duration_seconds{collector="ipamd"} D
        # HELP cni_metrics_agent_collector_success 1 if the collector's last refresh got what it came for, else 0 (its previous series are served meanwhile), by collector.
        # TYPE cni_metrics_agent_collector_success gauge
        cni_metrics_agent_collector_success{collector="ipamd"} 1.0
        """,
        r.out()
            .replaceAll("(collector_duration_seconds\\{collector=\"ipamd\"\\}) [0-9.E-]+", "$1 D"));
  }

  @Test
  void shimFlagsComeFromTheEnvironmentToo() {
    Run r =
        run(
            Map.of("CNI_METRICS_NETNS_METHOD", "SETNS", "CNI_METRICS_CRI_ENDPOINT", "auto"),
            "--node-name=a",
            "--imds=false",
            "--ipamd-url=none");
    assertEquals(
        new Run(
            2,
            "",
            "cni-metrics-agent: CNI_METRICS_NETNS_METHOD: expected auto,"
                + " netlink or setns, found \"SETNS\"\n"),
        r);
  }

  @Test
  void helpListsEveryOptionGroupsFlagsWithTheirVariables() {
    String help = run(Map.of(), "--help").out();
    for (Flag flag : AgentMain.FLAGS) {
      assertTrue(help.contains("  " + flag.name() + "=" + flag.label() + "\n"), flag.name());
      for (String env : flag.envNames()) {
        assertTrue(help.contains(env), flag.name() + " does not mention " + env);
      }
    }
    assertTrue(help.contains("NODE_NAME"), help);
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    Run r =
        run(
            Map.of("CNI_METRICS_REFRESH_INTERVAL", "", "CNI_METRICS_LOG_LEVEL", " "),
            with("--once=report"));
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void theFlagGivenTwiceIsRefused() {
    Run r = run(Map.of(), with("--once=report", "--once=metrics"));
    assertEquals(
        new Run(
            2,
            "",
            "cni-metrics-agent: --once: expected the flag once, found a second value"
                + " \"metrics\"\n"),
        r);
  }

  @Test
  void versionGoesToStdout() {
    assertEquals(new Run(0, "cni-metrics-agent dev\n", ""), run(Map.of(), "--version"));
  }

  @Test
  void helpGoesToStdoutWithExitCode0() {
    Run r = run(Map.of(), "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("Usage: cni-metrics-agent"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void aMissingTokenFileIsOneLineAndExitCode1() {
    Run r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                run(
                    Map.of(),
                    with("--listen=127.0.0.1:0", "--auth-token-file=/nonexistent/token")));
    assertEquals(
        new Run(
            1,
            "",
            "cni-metrics-agent: --auth-token-file: expected a file holding one bearer token of 16"
                + " to 4096 characters A-Z a-z 0-9 - . _ ~ + / (then = padding), found no file"
                + " /nonexistent/token\n"),
        r);
  }

  @Test
  void aTakenPortIsOneLineAndExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String listen = "127.0.0.1:" + taken.getLocalPort();
      Run r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30), () -> run(Map.of(), with("--listen=" + listen)));
      assertEquals(
          new Run(
              1,
              "",
              "cni-metrics-agent: --listen "
                  + listen
                  + ": cannot listen: Address already in use\n"),
          r);
    }
  }
}
