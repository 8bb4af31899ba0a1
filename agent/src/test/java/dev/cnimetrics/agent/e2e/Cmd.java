package dev.cnimetrics.agent.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (ip, nsenter) to completion; a failure is the test's failure, with stderr. */
public final class Cmd {

  private Cmd() {}

  static String run(String... command) {
    try {
      Path err = Files.createTempFile("cnmag-cmd", ".err");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("no exit within 30s: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
          throw new AssertionError(
              String.join(" ", command)
                  + " exited "
                  + p.exitValue()
                  + ": "
                  + Files.readString(err).strip());
        }
        return new String(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command), e);
    }
  }

  /** Runs a command whose failure is expected at times (deleting what may already be gone). */
  static boolean tryRun(String... command) {
    try {
      run(command);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Fails with one clear line unless the tests run as root with every tool they need. */
  public static void requireRootAnd(List<String> tools) {
    String uid = run("id", "-u").strip();
    if (!uid.equals("0")) {
      throw new AssertionError(
          "the agent's end-to-end tests create namespaces, veths and pods and need root; found uid "
              + uid
              + " (run them with scripts/test.sh or mvn -Pit as root)");
    }
    for (String tool : tools) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new AssertionError(
            tool + " is missing: install the test dependencies (scripts/install-test-deps.sh)");
      }
    }
  }
}
