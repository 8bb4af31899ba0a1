package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PeerResolversTest {
  @Test
  void setnsWithoutCapSysAdminIsRefusedInOneLine() {
    Capabilities containerDefault = new Capabilities(0xa80425fbL);
    NetnsException e =
        assertThrows(
            NetnsException.class,
            () -> PeerResolvers.open(NetnsMethod.SETNS, containerDefault, ResolutionErrors.NONE));
    assertEquals(NetnsErrorReason.SETNS_DENIED, e.reason());
    assertEquals(
        "--netns-method=setns: needs CAP_SYS_ADMIN in the effective capability set, found CapEff"
            + " 00000000a80425fb without it — add SYS_ADMIN to the agent container's capabilities or"
            + " use --netns-method=netlink",
        e.getMessage());
  }
}
