package dev.cnimetrics.cri.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.cri.CriErrorReason;
import dev.cnimetrics.cri.CriException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The branches the socket tests cannot reach as root (root is never denied a socket). */
class RpcFailuresTest {
  private static final Path SOCK = Path.of("/run/containerd/containerd.sock");

  @Test
  void permissionDeniedOnConnect() {
    CriException e =
        RpcFailures.unavailable(
            SOCK,
            SocketProbe.Kind.SOCKET,
            "UNAVAILABLE: io exception: connect(..) failed: Permission denied");
    assertEquals(CriErrorReason.PERMISSION_DENIED, e.reason());
    assertEquals(
        "CRI socket /run/containerd/containerd.sock: permission denied: run the agent as uid 0"
            + " (runtime sockets are root-owned, mode 0660) and mount /run/containerd read-only"
            + " from the host",
        e.getMessage());
  }

  @Test
  void unreadablePathIsPermissionDenied() {
    assertEquals(
        CriErrorReason.PERMISSION_DENIED,
        RpcFailures.unavailable(SOCK, SocketProbe.Kind.UNREADABLE, "io exception").reason());
  }

  @Test
  void socketRemovedBetweenProbeAndConnect() {
    assertEquals(
        CriErrorReason.SOCKET_MISSING,
        RpcFailures.unavailable(
                SOCK, SocketProbe.Kind.SOCKET, "connect(..) failed: No such file or directory")
            .reason());
  }

  @Test
  void regularFile() {
    assertEquals(
        "CRI socket /run/containerd/containerd.sock is a file, not a socket: mount the host"
            + " directory /run/containerd rather than the socket file (a hostPath to a file that"
            + " is missing on the host becomes an empty directory)",
        RpcFailures.unavailable(SOCK, SocketProbe.Kind.OTHER_FILE, "").getMessage());
  }

  @Test
  void otherUnavailableKeepsTheCauseOnOneLine() {
    CriException e =
        RpcFailures.unavailable(SOCK, SocketProbe.Kind.SOCKET, "io exception:\n  reset by peer");
    assertEquals(CriErrorReason.UNAVAILABLE, e.reason());
    assertEquals(
        "CRI socket /run/containerd/containerd.sock: unavailable: io exception: reset by peer",
        e.getMessage());
  }

  @Test
  void sandboxGoneAndOtherErrors() {
    assertEquals(
        "CRI PodSandboxStatus on /run/containerd/containerd.sock: sandbox abc not found (removed"
            + " after it was listed)",
        RpcFailures.sandboxGone("PodSandboxStatus", SOCK, "abc").getMessage());
    CriException e = RpcFailures.other("PodSandboxStatus", SOCK, "INTERNAL", null);
    assertEquals(CriErrorReason.RPC_ERROR, e.reason());
    assertEquals(
        "CRI PodSandboxStatus on /run/containerd/containerd.sock failed: INTERNAL: (no"
            + " description)",
        e.getMessage());
  }
}
