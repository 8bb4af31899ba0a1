package dev.cnimetrics.cri.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the agent finds the container runtime: a fixed unix socket, the first default socket that
 * exists ({@link Auto}), or nowhere ({@link Disabled}).
 */
public sealed interface CriEndpoint {

  /** The value that turns pod mapping off. */
  String NONE = "none";

  /** The value that picks the first existing default socket. */
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
   * The endpoint {@code value} names: {@code unix:///absolute/normalized/path}, {@code auto} (or
   * empty) or {@code none}; empty when it names none. The agent's flag parsing words the error.
   */
  static Optional<CriEndpoint> parse(String value) {
    if (value == null || value.isEmpty() || value.equals(AUTO)) {
      return Optional.of(new Auto());
    }
    if (value.equals(NONE)) {
      return Optional.of(new Disabled());
    }
    if (!value.startsWith(UNIX_SCHEME)) {
      return Optional.empty();
    }
    String path = value.substring(UNIX_SCHEME.length());
    if (!PathRules.isAbsoluteNormalized(path) || path.equals("/")) {
      return Optional.empty();
    }
    return Optional.of(new Unix(Path.of(path)));
  }
}
