package dev.cnimetrics.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every message a user can see for a failed native call, exactly. */
class NetnsErrorsTest {
  private static final String PATH = "/var/run/netns/cni-1234";

  private static void assertError(NetnsErrorReason reason, String message, NetnsException e) {
    assertEquals(reason, e.reason());
    assertEquals(message, e.getMessage());
  }

  @Test
  void open() {
    assertError(
        NetnsErrorReason.NETNS_GONE,
        "open /var/run/netns/cni-1234: No such file or directory — the pod's network namespace is"
            + " gone (sandbox stopped or removed)",
        NetnsErrors.open(PATH, 2));
    assertError(
        NetnsErrorReason.NETNS_OPEN_FAILED,
        "open /var/run/netns/cni-1234: Permission denied — the agent's user cannot search a"
            + " directory above this file (netns files themselves are mode 0444); fix the directory"
            + " modes or the volume mount",
        NetnsErrors.open(PATH, 13));
    assertError(
        NetnsErrorReason.NETNS_OPEN_FAILED,
        "open /var/run/netns/cni-1234: Too many open files",
        NetnsErrors.open(PATH, 24));
  }

  @Test
  void setns() {
    assertError(
        NetnsErrorReason.SETNS_DENIED,
        "setns /var/run/netns/cni-1234: Operation not permitted — the agent needs CAP_SYS_ADMIN for"
            + " --netns-method=setns",
        NetnsErrors.setns(PATH, 1));
    assertError(
        NetnsErrorReason.NOT_A_NETNS,
        "setns /var/run/netns/cni-1234: Invalid argument — not a network namespace file",
        NetnsErrors.setns(PATH, 22));
    assertError(
        NetnsErrorReason.SETNS_FAILED,
        "setns /var/run/netns/cni-1234: Cannot allocate memory",
        NetnsErrors.setns(PATH, 12));
  }

  @Test
  void theReturnHome() {
    assertError(
        NetnsErrorReason.RETURN_FAILED,
        "setns back to the host netns: Bad file descriptor — worker thread discarded, the remaining"
            + " pods run on a new thread",
        NetnsErrors.returnHome(9));
  }

  @Test
  void netlink() {
    assertError(
        NetnsErrorReason.NETLINK_FAILED,
        "netlink RTM_GETNSID /var/run/netns/cni-1234: No buffer space available",
        NetnsErrors.nsid(PATH, 105));
    assertError(
        NetnsErrorReason.NETLINK_FAILED,
        "netlink socket: Address family not supported by protocol",
        NetnsErrors.netlink("socket", 97));
    assertError(
        NetnsErrorReason.NETLINK_FAILED,
        "netlink RTM_GETLINK dump: no reply within 5s",
        NetnsErrors.noReply("RTM_GETLINK dump", 5));
    assertError(
        NetnsErrorReason.NETLINK_FAILED,
        "netlink send: errno 999",
        NetnsErrors.netlink("send", 999));
  }
}
