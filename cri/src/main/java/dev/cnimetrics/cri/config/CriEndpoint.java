package dev.cnimetrics.cri.config;

import java.nio.file.Path;

/**
 * Where the agent finds the container runtime: a fixed unix socket, the first default socket that
 * exists ({@link Auto}), or nowhere ({@link Disabled}).
 */
public sealed interface CriEndpoint {

  /** The value of {@code --cri-endpoint} that turns pod mapping off. */
  String NONE = "none";

  /** The value of {@code --cri-endpoint} that picks the first existing default socket. */
  String AUTO = "auto";

  String UNIX_SCHEME = "unix://";

  /** A fixed socket. */
  record Unix(Path socket) implements CriEndpoint {
    @Override
    public String toString() {
      return UNIX_SCHEME + socket;
    }
  }

  /** The first of the candidate sockets that exists when the agent connects. */
  record Auto() implements CriEndpoint {
    @Override
    public String toString() {
      return AUTO;
    }
  }

  /** No CRI: the agent exposes no pod series. */
  record Disabled() implements CriEndpoint {
    @Override
    public String toString() {
      return NONE;
    }
  }

  /**
   * Parses a {@code --cri-endpoint} value: {@code unix:///absolute/path}, {@code auto} or {@code
   * none}.
   *
   * @throws CriConfigException with a one-line message naming the flag, the expectation and the
   *     value found
   */
  static CriEndpoint parse(String value) throws CriConfigException {
    if (value == null || value.isEmpty() || value.equals(AUTO)) {
      return new Auto();
    }
    if (value.equals(NONE)) {
      return new Disabled();
    }
    if (!value.startsWith(UNIX_SCHEME)) {
      throw new CriConfigException(
          CriConfig.ENDPOINT_FLAG
              + ": expected unix:///<absolute socket path>, \""
              + AUTO
              + "\" or \""
              + NONE
              + "\"; found \""
              + value
              + "\"");
    }
    String path = value.substring(UNIX_SCHEME.length());
    if (!PathRules.isAbsoluteNormalized(path) || path.equals("/")) {
      throw new CriConfigException(
          CriConfig.ENDPOINT_FLAG
              + ": expected an absolute, normalized socket path after unix:// (unix:///run/containerd/containerd.sock); found \""
              + value
              + "\"");
    }
    return new Unix(Path.of(path));
  }
}
