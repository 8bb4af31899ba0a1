package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NetnsMethodTest {
  @Test
  void parsesEachValue() {
    assertEquals(NetnsMethod.AUTO, NetnsMethod.parse("auto"));
    assertEquals(NetnsMethod.NETLINK, NetnsMethod.parse("netlink"));
    assertEquals(NetnsMethod.SETNS, NetnsMethod.parse("setns"));
  }

  @Test
  void rejectsAnythingElseInOneLine() {
    for (String bad : new String[] {"Setns", "", "nsenter", " auto"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NetnsMethod.parse(bad));
      assertEquals(
          "--netns-method: expected one of auto, netlink, setns; found \"" + bad + "\"",
          e.getMessage());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetnsMethod.parse(null));
    assertEquals(
        "--netns-method: expected one of auto, netlink, setns; found \"null\"", e.getMessage());
  }
}
