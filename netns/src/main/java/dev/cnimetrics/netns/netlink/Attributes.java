package dev.cnimetrics.netns.netlink;

import dev.cnimetrics.netns.NetnsErrors;
import dev.cnimetrics.netns.NetnsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Cursor over the netlink attributes in {@code [offset, end)} of a buffer. */
final class Attributes {
  private final ByteBuffer b;
  private final int end;
  private final String operation;
  private int next;
  private int type;
  private int valueOffset;
  private int valueLength;

  Attributes(ByteBuffer b, int offset, int end, String operation) {
    this.b = b;
    this.next = offset;
    this.end = end;
    this.operation = operation;
  }

  /** Moves to the next attribute; false at the end. */
  boolean next() throws NetnsException {
    if (end - next < 4) {
      return false;
    }
    int length = b.getShort(next) & 0xffff;
    if (length < 4 || length > end - next) {
      throw NetnsErrors.malformed(
          operation, "attribute length " + length + " at offset " + next + " (end " + end + ")");
    }
    type = (b.getShort(next + 2) & 0xffff) & Rtnl.NLA_TYPE_MASK;
    valueOffset = next + 4;
    valueLength = length - 4;
    next += Rtnl.align(length);
    return true;
  }

  int type() {
    return type;
  }

  int s32() throws NetnsException {
    if (valueLength < 4) {
      throw NetnsErrors.malformed(
          operation, "attribute " + type + " has " + valueLength + " bytes, expected 4");
    }
    return b.getInt(valueOffset);
  }

  /** A NUL-terminated string value. */
  String string() {
    int length = 0;
    while (length < valueLength && b.get(valueOffset + length) != 0) {
      length++;
    }
    byte[] bytes = new byte[length];
    b.get(valueOffset, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A cursor over the attributes nested in this one. */
  Attributes nested() {
    return new Attributes(b, valueOffset, valueOffset + valueLength, operation);
  }
}
