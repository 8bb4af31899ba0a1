package dev.cnimetrics.cri.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CriConfigTest {

  @Test
  void defaults() {
    CriConfig c = CriConfig.defaults();
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
    assertEquals(
        c, CriConfig.of(new CriEndpoint.Auto(), Path.of("/var/run/netns"), Duration.ofSeconds(2)));
  }

  @Test
  void endpoints() {
    assertEquals(
        Optional.of(new CriEndpoint.Unix(Path.of("/var/run/crio/crio.sock"))),
        CriEndpoint.parse("unix:///var/run/crio/crio.sock"));
    assertEquals(Optional.of(new CriEndpoint.Auto()), CriEndpoint.parse("auto"));
    assertEquals(Optional.of(new CriEndpoint.Auto()), CriEndpoint.parse(""));
    assertEquals(Optional.of(new CriEndpoint.Disabled()), CriEndpoint.parse("none"));
    assertFalse(
        CriConfig.of(new CriEndpoint.Disabled(), Path.of("/var/run/netns"), Duration.ofSeconds(2))
            .enabled());
    assertEquals(
        "unix:///run/containerd/containerd.sock",
        CriEndpoint.parse("unix:///run/containerd/containerd.sock").orElseThrow().toString());
  }

  /** The agent's flag parsing words the error (AgentMainTest); here: no endpoint at all. */
  @Test
  void badEndpointsNameNone() {
    for (String bad :
        List.of(
            "tcp://10.0.0.1:10010",
            "/run/containerd/containerd.sock",
            "unix://run/containerd.sock",
            "unix:///run/../containerd.sock",
            "unix:///")) {
      assertEquals(Optional.empty(), CriEndpoint.parse(bad), bad);
    }
  }
}
