package dev.cnimetrics.cri.client;

import dev.cnimetrics.config.Durations;
import dev.cnimetrics.cri.CriErrorReason;
import dev.cnimetrics.cri.CriException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The one-line messages for failed CRI calls. Pure: every fact (what stat says about the socket,
 * the gRPC cause text, the runtime's version) is gathered by the caller.
 */
public final class RpcFailures {
  private RpcFailures() {}

  /** gRPC UNAVAILABLE: the socket is missing, not a socket, not ours to open, or dead. */
  public static CriException unavailable(Path socket, SocketProbe.Kind kind, String causeText) {
    String cause = causeText.toLowerCase(Locale.ROOT);
    String dir = socket.getParent() == null ? "/" : socket.getParent().toString();
    if (kind == SocketProbe.Kind.MISSING || cause.contains("no such file")) {
      return new CriException(
          CriErrorReason.SOCKET_MISSING,
          "CRI socket "
              + socket
              + " does not exist: mount the host directory "
              + dir
              + " into the agent at the same path (hostPath, type: Directory) or set --cri-endpoint");
    }
    if (kind == SocketProbe.Kind.DIRECTORY || kind == SocketProbe.Kind.OTHER_FILE) {
      return new CriException(
          CriErrorReason.NOT_A_SOCKET,
          "CRI socket "
              + socket
              + " is "
              + (kind == SocketProbe.Kind.DIRECTORY ? "a directory" : "a file")
              + ", not a socket: mount the host directory "
              + dir
              + " rather than the socket file (a hostPath to a file that is missing on the host"
              + " becomes an empty directory)");
    }
    if (kind == SocketProbe.Kind.UNREADABLE || cause.contains("permission denied")) {
      return new CriException(
          CriErrorReason.PERMISSION_DENIED,
          "CRI socket "
              + socket
              + ": permission denied: run the agent as uid 0 (runtime sockets are root-owned,"
              + " mode 0660) and mount "
              + dir
              + " read-only from the host");
    }
    if (cause.contains("connection refused")) {
      return new CriException(
          CriErrorReason.UNAVAILABLE,
          "CRI socket "
              + socket
              + ": connection refused: the container runtime is not running (or restarting)");
    }
    return new CriException(
        CriErrorReason.UNAVAILABLE,
        "CRI socket " + socket + ": unavailable: " + oneLine(causeText));
  }

  public static CriException deadline(String method, Path socket, Duration timeout) {
    return new CriException(
        CriErrorReason.DEADLINE_EXCEEDED,
        "CRI "
            + method
            + " on "
            + socket
            + " did not answer within "
            + Durations.format(timeout)
            + ": the runtime is overloaded or hung; raise --cri-timeout if it is only slow");
  }

  /**
   * @param runtime e.g. "containerd 1.5.18, CRI API v1alpha2", or why it could not be named
   */
  public static CriException unimplemented(String method, Path socket, String runtime) {
    return new CriException(
        CriErrorReason.UNIMPLEMENTED,
        "CRI runtime on "
            + socket
            + " ("
            + runtime
            + ") does not implement runtime.v1 "
            + method
            + ": upgrade it to a version that serves CRI runtime.v1 (the API Kubernetes 1.26+"
            + " requires)");
  }

  public static CriException sandboxGone(String method, Path socket, String sandboxId) {
    return new CriException(
        CriErrorReason.SANDBOX_GONE,
        "CRI "
            + method
            + " on "
            + socket
            + ": sandbox "
            + sandboxId
            + " not found (removed after it was listed)");
  }

  public static CriException other(String method, Path socket, String code, String description) {
    return new CriException(
        CriErrorReason.RPC_ERROR,
        "CRI " + method + " on " + socket + " failed: " + code + ": " + oneLine(description));
  }

  static String oneLine(String s) {
    return s == null || s.isBlank() ? "(no description)" : s.strip().replaceAll("\\s+", " ");
  }
}
