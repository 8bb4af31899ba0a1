package dev.cnimetrics.agent.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real agent as a separate process, measured from outside the way a node would see it: resident
 * memory from {@code /proc/PID/status}, CPU time from {@code /proc/PID/stat}, and the agent's own
 * counters from its {@code /metrics}. Stopped with SIGTERM (SIGKILL after 10 s).
 */
final class AgentUnderTest implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("agent started .*listen=\\S*:(\\d+)");

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private AgentUnderTest(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the command (its last flag should be {@code --listen=127.0.0.1:0}); learns the port. */
  static AgentUnderTest start(List<String> command, Path log) throws Exception {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = STARTED.matcher(Files.readString(log));
      if (m.find()) {
        return new AgentUnderTest(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "agent exited with " + p.exitValue() + " before it listened; log " + log);
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("agent did not log 'agent started … listen=' in 60 s: " + log);
  }

  long pid() {
    return process.pid();
  }

  /** Waits until {@code /readyz} answers 200 (every collector finished its first refresh). */
  void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("agent exited before it was ready; log " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("agent not ready within " + timeout + "; log " + log);
  }

  ScrapedValues scrape() throws Exception {
    HttpResponse<String> r = get("/metrics");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("agent /metrics answered " + r.statusCode());
    }
    return ScrapedValues.parse(r.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A field of {@code /proc/PID/status} in KiB, e.g. VmRSS or RssAnon. */
  long statusKib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("/proc/" + pid() + "/status has no " + field);
  }

  /**
   * Classes loaded in the agent (every class loader, CDS-archived ones included), from {@code jcmd
   * PID VM.classloader_stats} of the JDK running this bench: the agent's jlinked runtime has no
   * jcmd, and the attach mechanism needs none in the target.
   */
  long classesLoaded() throws Exception {
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
      throw new IllegalStateException("jcmd VM.classloader_stats gave no total: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  /** utime + stime of the whole process in clock ticks. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
