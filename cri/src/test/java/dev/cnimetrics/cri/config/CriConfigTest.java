package dev.cnimetrics.cri.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriConfigTest {

  private static String failure(String endpoint, String netnsDir, Duration timeout) {
    return assertThrows(
            CriConfigException.class, () -> CriConfig.validated(endpoint, netnsDir, timeout))
        .getMessage();
  }

  @Test
  void defaults() throws Exception {
    CriConfig c = CriConfig.validated(null, null, null);
    assertEquals(CriConfig.defaults(), c);
    assertEquals(new CriEndpoint.Auto(), c.endpoint());
    assertEquals(
        List.of(
            Path.of("/run/containerd/containerd.sock"),
            Path.of("/run/k3s/containerd/containerd.sock"),
            Path.of("/var/run/crio/crio.sock")),
        c.autoDetectSockets());
    assertEquals(Path.of("/var/run/netns"), c.netnsDir());
    assertEquals(Duration.ofSeconds(2), c.callTimeout());
    assertTrue(c.enabled());
  }

  @Test
  void endpoints() throws Exception {
    assertEquals(
        new CriEndpoint.Unix(Path.of("/var/run/crio/crio.sock")),
        CriEndpoint.parse("unix:///var/run/crio/crio.sock"));
    assertEquals(new CriEndpoint.Auto(), CriEndpoint.parse("auto"));
    assertEquals(new CriEndpoint.Auto(), CriEndpoint.parse(""));
    assertEquals(new CriEndpoint.Disabled(), CriEndpoint.parse("none"));
    assertFalse(CriConfig.validated("none", null, null).enabled());
    assertEquals(
        "unix:///run/containerd/containerd.sock",
        CriEndpoint.parse("unix:///run/containerd/containerd.sock").toString());
  }

  @Test
  void badEndpoints() {
    assertEquals(
        "--cri-endpoint: expected unix:///<absolute socket path>, \"auto\" or \"none\"; found"
            + " \"tcp://10.0.0.1:10010\"",
        failure("tcp://10.0.0.1:10010", null, null));
    assertEquals(
        "--cri-endpoint: expected unix:///<absolute socket path>, \"auto\" or \"none\"; found"
            + " \"/run/containerd/containerd.sock\"",
        failure("/run/containerd/containerd.sock", null, null));
    assertEquals(
        "--cri-endpoint: expected an absolute, normalized socket path after unix://"
            + " (unix:///run/containerd/containerd.sock); found \"unix://run/containerd.sock\"",
        failure("unix://run/containerd.sock", null, null));
    assertEquals(
        "--cri-endpoint: expected an absolute, normalized socket path after unix://"
            + " (unix:///run/containerd/containerd.sock); found \"unix:///run/../containerd.sock\"",
        failure("unix:///run/../containerd.sock", null, null));
    assertEquals(
        "--cri-endpoint: expected an absolute, normalized socket path after unix://"
            + " (unix:///run/containerd/containerd.sock); found \"unix:///\"",
        failure("unix:///", null, null));
  }

  @Test
  void netnsDir() throws Exception {
    assertEquals(Path.of("/run/netns"), CriConfig.validated(null, "/run/netns", null).netnsDir());
    assertEquals(
        "--netns-dir: expected an absolute, normalized directory path other than /"
            + " (/var/run/netns); found \"run/netns\"",
        failure(null, "run/netns", null));
    assertEquals(
        "--netns-dir: expected an absolute, normalized directory path other than /"
            + " (/var/run/netns); found \"/var/run/netns/\"",
        failure(null, "/var/run/netns/", null));
    assertEquals(
        "--netns-dir: expected an absolute, normalized directory path other than /"
            + " (/var/run/netns); found \"/\"",
        failure(null, "/", null));
  }

  @Test
  void timeout() throws Exception {
    assertEquals(
        Duration.ofMillis(500),
        CriConfig.validated(null, null, Duration.ofMillis(500)).callTimeout());
    assertEquals(
        Duration.ofSeconds(60),
        CriConfig.validated(null, null, Duration.ofSeconds(60)).callTimeout());
    assertEquals(
        "--cri-timeout: expected a duration > 0s and <= 60s; found 0s",
        failure(null, null, Duration.ZERO));
    assertEquals(
        "--cri-timeout: expected a duration > 0s and <= 60s; found -1500ms",
        failure(null, null, Duration.ofMillis(-1500)));
    assertEquals(
        "--cri-timeout: expected a duration > 0s and <= 60s; found 61s",
        failure(null, null, Duration.ofSeconds(61)));
  }

  @Test
  void firstBadFlagIsReported() {
    assertEquals(
        "--cri-endpoint: expected unix:///<absolute socket path>, \"auto\" or \"none\"; found"
            + " \"x\"",
        failure("x", "y", Duration.ZERO));
  }
}
