package dev.cnimetrics.netns.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The exact bytes of each request (x86-64/arm64: little-endian). */
class NetlinkRequestsTest {
  private final ByteBuffer out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private byte[] written(int length) {
    return Arrays.copyOf(out.array(), length);
  }

  @Test
  void linkDumpAsksForEveryLinkWithoutStatistics() {
    int length = NetlinkRequests.linkDump(out, 7);
    assertArrayEquals(
        hex(
            "28000000 1200 0103 07000000 00000000" // len 40, RTM_GETLINK, REQUEST|DUMP, seq 7
                + " 00000000 00000000 00000000 00000000" // ifinfomsg: any family, any ifindex
                + " 0800 1d00 08000000"), // IFLA_EXT_MASK = RTEXT_FILTER_SKIP_STATS
        written(length));
  }

  @Test
  void linkAsksForOneIfindex() {
    int length = NetlinkRequests.link(out, 8, 430);
    assertArrayEquals(
        hex(
            "28000000 1200 0100 08000000 00000000"
                + " 00000000 ae010000 00000000 00000000"
                + " 0800 1d00 08000000"),
        written(length));
  }

  @Test
  void nsidPassesTheFileDescriptor() {
    int length = NetlinkRequests.nsid(out, 9, 42);
    assertArrayEquals(
        hex(
            "1c000000 5a00 0100 09000000 00000000" // len 28, RTM_GETNSID, REQUEST, seq 9
                + " 00000000" // rtgenmsg AF_UNSPEC + padding
                + " 0800 0300 2a000000"), // NETNSA_FD = 42
        written(length));
  }
}
