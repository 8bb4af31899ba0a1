package dev.cnimetrics.testkit.podctl;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.cnimetrics.cri.v1.PodSandboxStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A PodSandboxStatus in protobuf text format, with only the fields this project's CRI subset
 * defines. The generated classes are lite ones, which have no text format: the status's wire bytes
 * are read against the schema in cri's descriptor set ({@code runtime/v1/api.protoset}, written by
 * cri's build). Fields the schema does not know are left out: the text format prints them by number
 * only and cannot read them back, so a recorded fixture keeps what the parser of the same proto can
 * load.
 */
final class StatusText {
  private static final Descriptor STATUS_TYPE = schemaType("PodSandboxStatus");

  private StatusText() {}

  static String of(PodSandboxStatus status) {
    try {
      return TextFormat.printer()
          .printToString(knownFields(DynamicMessage.parseFrom(STATUS_TYPE, status.toByteString())));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the schema cannot read the lite class's bytes", e);
    }
  }

  private static Message knownFields(Message message) {
    Message.Builder b = message.newBuilderForType();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        b.setField(f, e.getValue());
      } else if (f.isRepeated()) {
        for (Object item : (List<?>) e.getValue()) {
          b.addRepeatedField(f, knownFields((Message) item));
        }
      } else {
        b.setField(f, knownFields((Message) e.getValue()));
      }
    }
    return b.build();
  }

  private static Descriptor schemaType(String message) {
    try (InputStream in = StatusText.class.getResourceAsStream("/runtime/v1/api.protoset")) {
      FileDescriptorProto file = FileDescriptorSet.parseFrom(in).getFile(0);
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName(message);
    } catch (IOException | DescriptorValidationException e) {
      throw new IllegalStateException("cri's descriptor set runtime/v1/api.protoset", e);
    }
  }
}
