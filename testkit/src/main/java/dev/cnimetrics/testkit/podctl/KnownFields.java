package dev.cnimetrics.testkit.podctl;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * A copy of a message without the fields this project's CRI subset does not define. The text format
 * prints such fields by number only and cannot read them back, so a recorded fixture keeps what the
 * parser of the same proto can load.
 */
final class KnownFields {
  private KnownFields() {}

  @SuppressWarnings("unchecked")
  static <M extends Message> M of(M message) {
    Message.Builder b = message.newBuilderForType();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        b.setField(f, e.getValue());
      } else if (f.isRepeated()) {
        for (Object item : (List<?>) e.getValue()) {
          b.addRepeatedField(f, of((Message) item));
        }
      } else {
        b.setField(f, of((Message) e.getValue()));
      }
    }
    return (M) b.build();
  }
}
