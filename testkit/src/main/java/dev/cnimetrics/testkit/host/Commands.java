package dev.cnimetrics.testkit.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real host tools (ip, ethtool, nsenter) the integration tests build their kernel objects
 * with and check answers against. A failure is the test's failure: one {@link
 * IllegalStateException} naming the command, its exit status and its stderr.
 */
public final class Commands {
  private static final long TIMEOUT_SECONDS = 60;

  private Commands() {}

  /** Runs {@code command} and returns its stdout; fails with its stderr on a non-zero exit. */
  public static String run(String... command) {
    return run(List.of(command), null);
  }

  /** As {@link #run(String...)}. */
  public static String run(List<String> command) {
    return run(command, null);
  }

  /** As {@link #run(String...)}, feeding {@code stdin} to the command ({@code null}: none). */
  public static String run(List<String> command, String stdin) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    }
    // every pipe closed here, not by the reaper later: the netns fd-leak checks count open fds
    try (InputStream stdout = process.getInputStream();
        InputStream errors = process.getErrorStream()) {
      CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(errors));
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + ": timed out after " + TIMEOUT_SECONDS + "s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + ": exit "
                + process.exitValue()
                + ": "
                + new String(stderr.join(), StandardCharsets.UTF_8).strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
    }
  }

  /** Runs a command whose failure is expected at times (deleting what may already be gone). */
  public static boolean tryRun(String... command) {
    try {
      run(command);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Fails with one clear line unless the tests run as root with every tool they need.
   *
   * @param tests what needs root, for the message ("netns integration tests create network
   *     namespaces")
   */
  public static void requireRootAnd(String tests, List<String> tools) {
    String uid = run("id", "-u").strip();
    if (!uid.equals("0")) {
      throw new IllegalStateException(
          tests
              + " and need root; found uid "
              + uid
              + " (run them with scripts/test.sh or mvn -Pit as root)");
    }
    for (String tool : tools) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(
            tool + " is missing: install the test dependencies (scripts/install-test-deps.sh)");
      }
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return e.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
