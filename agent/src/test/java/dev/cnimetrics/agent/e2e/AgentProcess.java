package dev.cnimetrics.agent.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent as users run it, {@code java -jar target/cni-metrics-agent.jar}, on {@code
 * --listen=127.0.0.1:0}; the port comes from its one "agent started … listen=" log line. Measured
 * from outside the way a node sees it where the benchmarks need it: resident memory, CPU time,
 * classes loaded. Stopped with SIGTERM by PID (SIGKILL after 10 s).
 */
public final class AgentProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target", "cni-metrics-agent.jar");
  private static final Pattern STARTED =
      Pattern.compile("agent started .* listen=127\\.0\\.0\\.1:(\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final Process process;
  private final Path log;
  private final URI base;

  private AgentProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * {@code java -jar target/cni-metrics-agent.jar ARGS} with the environment a user's shell would
   * give it: none of the caller's {@code NODE_NAME} or {@code CNI_METRICS_*} (scripts/test.sh
   * exports some), then {@code env}.
   */
  public static ProcessBuilder command(Map<String, String> env, List<String> args) {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError(JAR.toAbsolutePath() + " is missing: mvn -pl agent verify -Pit");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.equals("NODE_NAME") || k.startsWith("CNI_METRICS_"));
    pb.environment().putAll(env);
    return pb;
  }

  /** Starts the agent with these flags (plus the listen address) and environment. */
  public static AgentProcess start(Path log, Map<String, String> env, String... flags)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(flags));
    args.add("--listen=127.0.0.1:0");
    return start(command(env, args), log);
  }

  /**
   * Starts a whole command line, e.g. the image's runtime with its JVM flags (the benchmarks); its
   * flags must end with {@code --listen=127.0.0.1:0}.
   */
  public static AgentProcess start(List<String> command, Path log) throws Exception {
    return start(new ProcessBuilder(command), log);
  }

  private static AgentProcess start(ProcessBuilder pb, Path log) throws Exception {
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = STARTED.matcher(Files.readString(log));
      if (m.find()) {
        return new AgentProcess(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive()) {
        throw new AssertionError(
            "agent exited " + p.exitValue() + " before listening:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("no 'agent started' line within 60s:\n" + Files.readString(log));
  }

  /** Waits until {@code /readyz} answers 200 (every collector finished its first refresh). */
  public void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("agent exited before it was ready:\n" + log());
      }
      try {
        if (get("/readyz").startsWith("200 ")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("agent not ready within " + timeout + ":\n" + log());
  }

  long pid() {
    return process.pid();
  }

  /** host:port for a Prometheus static target. */
  String target() {
    return base.getHost() + ":" + base.getPort();
  }

  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return r.statusCode() + " " + r.body();
  }

  public String metrics() throws IOException, InterruptedException {
    String r = get("/metrics");
    if (!r.startsWith("200 ")) {
      throw new AssertionError("/metrics answered " + r);
    }
    return r.substring(4);
  }

  /** Polls /metrics until the condition holds; fails with the last answer and the agent's log. */
  public String awaitMetrics(Duration timeout, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last;
    do {
      last = metrics();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "/metrics did not match within "
            + timeout
            + "; last answer:\n"
            + last
            + "\nlog:\n"
            + log());
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** A field of {@code /proc/PID/status} in KiB, e.g. VmRSS or RssAnon. */
  public long statusKib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new AssertionError("/proc/" + pid() + "/status has no " + field);
  }

  /** utime + stime of the whole process in clock ticks, from {@code /proc/PID/stat}. */
  public long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * Classes loaded in the agent (every class loader, CDS-archived ones included), from {@code jcmd
   * PID VM.classloader_stats} of the JDK running the test: the agent's jlinked runtime has no jcmd,
   * and the attach mechanism needs none in the target.
   */
  public long classesLoaded() throws Exception {
    Path jcmd =
        Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "VM.classloader_stats")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    // "Total = <loaders> <classes> <chunk bytes> <block bytes>"
    Matcher m = Pattern.compile("(?m)^Total = \\d+\\s+(\\d+)").matcher(out);
    if (!m.find()) {
      throw new AssertionError("jcmd VM.classloader_stats gave no total: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  @Override
  public void close() {
    Stop.byPid(process, Duration.ofSeconds(10));
  }
}
