package dev.cnimetrics.testkit.cri;

import dev.cnimetrics.cri.config.CriEndpoint;
import dev.cnimetrics.cri.config.PathRules;
import java.nio.file.Path;

/**
 * The test node that {@code scripts/e2e/node.sh up} starts, as its env file describes it.
 * Integration tests read it here and fail with a clear message when it is not there.
 */
public final class TestNodeEnv {
  public static final String ENDPOINT_VAR = "CNI_METRICS_CRI_ENDPOINT";
  public static final String NETNS_DIR_VAR = "CNI_METRICS_NETNS_DIR";

  private static final String HOW =
      ": start the test node with scripts/e2e/node.sh up and source $CNI_METRICS_NODE_DIR/env"
          + " (scripts/test.sh does both)";

  private TestNodeEnv() {}

  /** The node's CRI socket from {@value #ENDPOINT_VAR}. */
  public static Path socket() {
    String value = require(ENDPOINT_VAR);
    if (CriEndpoint.parse(value).orElse(null) instanceof CriEndpoint.Unix unix) {
      return unix.socket();
    }
    throw new IllegalStateException(
        ENDPOINT_VAR + ": expected unix:///<socket path>; found \"" + value + "\"" + HOW);
  }

  /** Where the node's runtime pins pod network namespaces, from {@value #NETNS_DIR_VAR}. */
  public static Path netnsDir() {
    String value = require(NETNS_DIR_VAR);
    if (!PathRules.isAbsoluteNormalized(value)) {
      throw new IllegalStateException(
          NETNS_DIR_VAR + ": expected an absolute, normalized path; found \"" + value + "\"" + HOW);
    }
    return Path.of(value);
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set" + HOW);
    }
    return value;
  }
}
