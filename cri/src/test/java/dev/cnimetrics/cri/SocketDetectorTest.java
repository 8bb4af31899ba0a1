package dev.cnimetrics.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.cri.client.SocketProbe;
import dev.cnimetrics.cri.client.SocketProbe.Kind;
import dev.cnimetrics.cri.config.CriConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --cri-endpoint auto} over the default socket paths, with stated probe answers. */
class SocketDetectorTest {
  private static final Path CONTAINERD = Path.of("/run/containerd/containerd.sock");
  private static final Path K3S = Path.of("/run/k3s/containerd/containerd.sock");
  private static final Path CRIO = Path.of("/var/run/crio/crio.sock");

  private static SocketProbe only(Map<Path, Kind> kinds) {
    return p -> kinds.getOrDefault(p, Kind.MISSING);
  }

  private static Path detect(Map<Path, Kind> kinds) throws CriException {
    return SocketDetector.resolve(CriConfig.defaults(), only(kinds));
  }

  @Test
  void eachRuntimesSocketIsFoundWhenItsDirectoryIsTheOneMounted() throws Exception {
    assertEquals(CONTAINERD, detect(Map.of(CONTAINERD, Kind.SOCKET)));
    assertEquals(K3S, detect(Map.of(K3S, Kind.SOCKET)));
    assertEquals(CRIO, detect(Map.of(CRIO, Kind.SOCKET)));
  }

  @Test
  void k3sComesAfterAPlainContainerdAndBeforeCrio() throws Exception {
    assertEquals(CONTAINERD, detect(Map.of(CONTAINERD, Kind.SOCKET, K3S, Kind.SOCKET)));
    assertEquals(K3S, detect(Map.of(K3S, Kind.SOCKET, CRIO, Kind.SOCKET)));
  }

  @Test
  void aDirectoryWhereTheSocketShouldBeIsSkipped() throws Exception {
    assertEquals(K3S, detect(Map.of(CONTAINERD, Kind.DIRECTORY, K3S, Kind.SOCKET)));
  }

  @Test
  void noneFoundNamesEveryCandidateAndDirectory() {
    CriException e = assertThrows(CriException.class, () -> detect(Map.of(K3S, Kind.UNREADABLE)));
    assertEquals(CriErrorReason.SOCKET_MISSING, e.reason());
    assertEquals(
        "no CRI socket found (--cri-endpoint auto): /run/containerd/containerd.sock is missing,"
            + " /run/k3s/containerd/containerd.sock cannot be examined (permission denied),"
            + " /var/run/crio/crio.sock is missing: mount the runtime's socket directory from the"
            + " host (/run/containerd, /run/k3s/containerd, /var/run/crio) or set --cri-endpoint",
        e.getMessage());
  }
}
