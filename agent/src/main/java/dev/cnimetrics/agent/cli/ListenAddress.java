package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.ConfigException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the agent's HTTP server listens: an IP address or host name, and a port (0 = any). */
public record ListenAddress(String host, int port) {

  // host:port, [ipv6]:port, :port (all addresses), or ipv6:port unbracketed, the last colon
  // starting the port (required): the manifests pass --listen=$(HOST_IP):61682, and the downward
  // API's status.hostIP is a bare address on IPv6 nodes (fd00::1:61682 = fd00::1, port 61682).
  private static final Pattern SYNTAX =
      Pattern.compile(
          "(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]*)|([0-9A-Fa-f]*:[0-9A-Fa-f:.]*)):([0-9]{1,5})");

  static ListenAddress parse(String source, String text) throws ConfigException {
    Matcher m = text == null ? null : SYNTAX.matcher(text);
    if (m != null && m.matches()) {
      int port = Integer.parseInt(m.group(4));
      String host = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      boolean halfAddress = m.group(3) != null && host.endsWith(":") && !host.endsWith("::");
      if (port <= 65535 && !halfAddress) {
        return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
      }
    }
    throw ConfigException.invalid(
        source, "HOST:PORT such as 0.0.0.0:61682 or [::]:61682 (port 0-65535)", text);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
