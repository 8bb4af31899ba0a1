package dev.cnimetrics.cri.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetnsPolicyTest {
  private final NetnsPolicy policy = new NetnsPolicy(Path.of("/var/run/netns"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/var/run/netns/cni-5b2e8f41-9c3d-4a7e-b1f6-2d8c0e9a7b34",
        "/var/run/netns/8f3c2b1a-7d6e-4f5a-9b8c-0d1e2f3a4b5c",
        "/proc/1/ns/net",
        "/proc/4194304/ns/net"
      })
  void accepts(String path) {
    assertEquals(Optional.of(Path.of(path)), policy.accept(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "cni-1",
        "var/run/netns/cni-1",
        "/var/run/netns",
        "/var/run/netns/",
        "/var/run/netns/a/b",
        "/var/run/netns/../../etc/shadow",
        "/var/run/netns/./cni-1",
        "/var/run//netns/cni-1",
        "/var/run/netns/cni-1/",
        "/run/netns/cni-1",
        "/tmp/cni-1",
        "/proc/self/ns/net",
        "/proc/0/ns/net",
        "/proc/01/ns/net",
        "/proc/12/ns/mnt",
        "/proc/12/ns/net/x",
        "/proc/12/root/var/run/netns/cni-1",
        "/var/run/netns/cni\u0000-1"
      })
  void rejects(String path) {
    assertEquals(Optional.empty(), policy.accept(path));
  }

  @Test
  void otherDirectory() {
    NetnsPolicy own = new NetnsPolicy(Path.of("/tmp/node/state/io.containerd.grpc.v1.cri/netns"));
    assertEquals(
        Optional.of(Path.of("/tmp/node/state/io.containerd.grpc.v1.cri/netns/cni-1")),
        own.accept("/tmp/node/state/io.containerd.grpc.v1.cri/netns/cni-1"));
    assertEquals(Optional.empty(), own.accept("/var/run/netns/cni-1"));
  }
}
