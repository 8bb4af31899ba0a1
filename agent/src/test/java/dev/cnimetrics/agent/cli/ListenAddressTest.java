package dev.cnimetrics.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnimetrics.config.ConfigException;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
  private static ListenAddress parse(String text) throws ConfigException {
    return ListenAddress.parse("--listen", text);
  }

  @Test
  void theDownwardApisHostIpWithAPortParsesForBothFamilies() throws Exception {
    assertEquals(new ListenAddress("10.0.1.23", 61682), parse("10.0.1.23:61682"));
    assertEquals(new ListenAddress("fd00:ec2::23", 61682), parse("fd00:ec2::23:61682"));
    assertEquals(new ListenAddress("fd00::", 61682), parse("fd00:::61682"));
    assertEquals(new ListenAddress("fd00::1", 61682), parse("[fd00::1]:61682"));
    assertEquals(new ListenAddress("0.0.0.0", 61682), parse(":61682"));
    assertThrows(ConfigException.class, () -> parse("$(HOST_IP):61682"));
    assertThrows(ConfigException.class, () -> parse("fd00::1"), "no port: fd00: is no address");
  }
}
