package dev.cnimetrics.cri.client;

import java.nio.file.Path;

/** What is at a socket path. An interface so that tests can state any answer. */
@FunctionalInterface
public interface SocketProbe {

  enum Kind {
    MISSING,
    SOCKET,
    DIRECTORY,
    OTHER_FILE,
    /** stat() itself failed, e.g. a parent directory is not searchable. */
    UNREADABLE
  }

  Kind probe(Path path);

  /** stat(2) of the real file system. */
  SocketProbe FILESYSTEM = new FileSocketProbe();
}
