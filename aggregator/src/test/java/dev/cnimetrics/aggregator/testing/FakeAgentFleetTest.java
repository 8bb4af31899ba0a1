package dev.cnimetrics.aggregator.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.aggregator.testing.FakeAgentFleet.Kind;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The double's refusing agents behave like a node whose agent is not listening, for its life. */
class FakeAgentFleetTest {

  @Test
  void aRefusingAgentsPortRefusesConnectionsAndNoOtherServerCanTakeIt() throws Exception {
    try (FakeAgentFleet fleet =
        new FakeAgentFleet(3, i -> Kind.REFUSE, (i, n) -> "{}", Duration.ZERO)) {
      for (InetSocketAddress agent : fleet.addresses()) {
        try (Socket s = new Socket()) {
          assertThrows(ConnectException.class, () -> s.connect(agent, 2000));
        }
        try (ServerSocket other = new ServerSocket()) {
          other.setReuseAddress(true);
          assertThrows(BindException.class, () -> other.bind(agent));
        }
      }
    }
  }
}
