package dev.cnimetrics.cri.info;

import com.google.protobuf.TextFormat;
import dev.cnimetrics.cri.v1.PodSandboxStatus;
import dev.cnimetrics.cri.v1.PodSandboxStatusResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Verbose PodSandboxStatus fixtures; README.md beside them says where each one comes from. The
 * containerd ones were recorded from the real runtimes by {@code scripts/e2e/capture-info.sh}
 * ({@code NAME.json} the "info" value, {@code NAME.status.txtpb} the status); the cri-o ones were
 * written from cri-o's source, and have no status file.
 */
public final class InfoFixtures {
  /**
   * Where the capture node's containerd pinned pod network namespaces ({@code
   * netns_mounts_under_state_dir}); the recorded paths are under it.
   */
  public static final Path CAPTURED_NETNS_DIR =
      Path.of("/tmp/cni-metrics-capture-node/state/io.containerd.grpc.v1.cri/netns");

  private InfoFixtures() {}

  /** The "info" JSON of a fixture. */
  public static String info(String name) {
    return text(name + ".json");
  }

  /** A recorded response: its status and its info map, as the runtime sent them. */
  public static PodSandboxStatusResponse response(String name) {
    PodSandboxStatus.Builder status = PodSandboxStatus.newBuilder();
    try {
      TextFormat.merge(text(name + ".status.txtpb"), status);
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException(name + ".status.txtpb: " + e.getMessage(), e);
    }
    return PodSandboxStatusResponse.newBuilder()
        .setStatus(status)
        .putInfo(VerboseInfoParser.INFO_KEY, info(name))
        .build();
  }

  private static String text(String file) {
    try (InputStream in = InfoFixtures.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
