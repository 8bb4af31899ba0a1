package dev.cnimetrics.cri.info;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
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

  /** PodSandboxStatus in cri's descriptor set, which the build writes beside the proto. */
  private static final Descriptor STATUS_TYPE = schemaType("PodSandboxStatus");

  private InfoFixtures() {}

  /** The "info" JSON of a fixture. */
  public static String info(String name) {
    return text(name + ".json");
  }

  /** A recorded response: its status and its info map, as the runtime sent them. */
  public static PodSandboxStatusResponse response(String name) {
    PodSandboxStatus status;
    try {
      status = parseStatus(text(name + ".status.txtpb"));
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException(name + ".status.txtpb: " + e.getMessage(), e);
    }
    return PodSandboxStatusResponse.newBuilder()
        .setStatus(status)
        .putInfo(VerboseInfoParser.INFO_KEY, info(name))
        .build();
  }

  /**
   * A PodSandboxStatus in protobuf text format. The generated classes are lite ones, which have no
   * text format: the text is read against the schema in cri's descriptor set, and the message's
   * wire bytes then parsed by the lite class.
   */
  public static PodSandboxStatus parseStatus(String text) throws TextFormat.ParseException {
    DynamicMessage.Builder status = DynamicMessage.newBuilder(STATUS_TYPE);
    TextFormat.merge(text, status);
    try {
      return PodSandboxStatus.parseFrom(status.build().toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the lite class cannot read its own schema's bytes", e);
    }
  }

  private static Descriptor schemaType(String message) {
    try (InputStream in = InfoFixtures.class.getResourceAsStream("/runtime/v1/api.protoset")) {
      FileDescriptorProto file = FileDescriptorSet.parseFrom(in).getFile(0);
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName(message);
    } catch (IOException | DescriptorValidationException e) {
      throw new IllegalStateException("cri's descriptor set runtime/v1/api.protoset", e);
    }
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
