package dev.cnimetrics.netns.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes netlink messages byte by byte, in the kernel's (native) order, for parser tests. */
final class NlBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** An RTM_NEWLINK message: ifinfomsg then the given attributes. */
  NlBytes link(int seq, int flags, int ifindex, int ifFlags, byte[]... attributes) {
    ByteBuffer ifinfo = le(16).putShort(2, (short) 0).putInt(4, ifindex).putInt(8, ifFlags);
    return message(16, flags, seq, concat(ifinfo.array(), concat(attributes)));
  }

  NlBytes done(int seq, int error) {
    return message(3, 2, seq, le(4).putInt(0, error).array());
  }

  NlBytes error(int seq, int error) {
    // the error code, then the header of the request it answers (contents irrelevant here)
    return message(2, 0, seq, concat(le(4).putInt(0, error).array(), new byte[16]));
  }

  NlBytes nsid(int seq, byte[]... attributes) {
    return message(88, 0, seq, concat(new byte[4], concat(attributes)));
  }

  NlBytes message(int type, int flags, int seq, byte[] payload) {
    int length = 16 + payload.length;
    ByteBuffer header =
        le(16)
            .putInt(0, length)
            .putShort(4, (short) type)
            .putShort(6, (short) flags)
            .putInt(8, seq);
    out.writeBytes(header.array());
    out.writeBytes(payload);
    out.writeBytes(new byte[align(length) - length]);
    return this;
  }

  ByteBuffer datagram() {
    return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.nativeOrder());
  }

  static byte[] s32(int type, int value) {
    return attribute(type, le(4).putInt(0, value).array());
  }

  static byte[] string(int type, String value) {
    byte[] bytes = (value + "\0").getBytes(StandardCharsets.UTF_8);
    return attribute(type, bytes);
  }

  static byte[] nested(int type, byte[]... attributes) {
    return attribute(type | 0x8000, concat(attributes)); // NLA_F_NESTED, as the kernel sets it
  }

  static byte[] attribute(int type, byte[] value) {
    int length = 4 + value.length;
    ByteBuffer b = le(align(length)).putShort(0, (short) length).putShort(2, (short) type);
    b.put(4, value);
    return b.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
  }

  private static int align(int n) {
    return (n + 3) & ~3;
  }
}
