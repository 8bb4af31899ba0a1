package dev.cnimetrics.cri.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** stat(2) through the JDK's "unix" attribute view (Linux), following symlinks like connect(). */
final class FileSocketProbe implements SocketProbe {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFDIR = 0040000;

  @Override
  public Kind probe(Path path) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode");
    } catch (NoSuchFileException e) {
      return Kind.MISSING;
    } catch (IOException | SecurityException e) {
      return Kind.UNREADABLE;
    }
    return switch (mode & S_IFMT) {
      case S_IFSOCK -> Kind.SOCKET;
      case S_IFDIR -> Kind.DIRECTORY;
      default -> Kind.OTHER_FILE;
    };
  }
}
