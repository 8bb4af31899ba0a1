package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  private static final String STATUS =
      "Name:\tjava\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
          + "CapEff:\t%s\nCapBnd:\t000001ffffffffff\n";

  @Test
  void rootHasSysAdmin() {
    Capabilities caps = Capabilities.parse("status", STATUS.formatted("000001ffffffffff"));
    assertTrue(caps.hasSysAdmin());
    assertEquals("000001ffffffffff", caps.hex());
  }

  @Test
  void aDefaultContainerHasNot() {
    // containerd's default set: chown, dac_override, fowner, fsetid, kill, setgid, setuid,
    // setpcap, net_bind_service, net_raw, sys_chroot, mknod, audit_write, setfcap
    Capabilities caps = Capabilities.parse("status", STATUS.formatted("00000000a80425fb"));
    assertFalse(caps.hasSysAdmin());
    assertTrue(caps.has(13)); // net_raw
  }

  @Test
  void onlyBit21IsSysAdmin() {
    assertTrue(Capabilities.parse("s", STATUS.formatted("0000000000200000")).hasSysAdmin());
    assertFalse(Capabilities.parse("s", STATUS.formatted("0000000000000000")).hasSysAdmin());
  }

  @Test
  void malformedStatusFilesSayWhatIsWrong() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> Capabilities.parse("/x/status", "Name:\tjava\n"));
    assertEquals("/x/status: expected a CapEff: line, found none", missing.getMessage());
    IllegalArgumentException garbage =
        assertThrows(
            IllegalArgumentException.class,
            () -> Capabilities.parse("/x/status", STATUS.formatted("zz")));
    assertEquals(
        "/x/status: expected 16 hex digits after CapEff:, found \"zz\"", garbage.getMessage());
  }
}
