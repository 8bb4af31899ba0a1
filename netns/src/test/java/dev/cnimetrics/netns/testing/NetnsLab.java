package dev.cnimetrics.netns.testing;

import dev.cnimetrics.testkit.host.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real pod-like network namespaces for integration tests: {@code ip netns add} namespaces named
 * {@code cnmnt-<run>-<n>} and veth pairs whose host ends are named like real CNIs ({@code
 * eniXXXXXXXX}, {@code lxcXXXXXXXX}, {@code caliXXXXXXXX}, unique per run). {@link #close()}
 * deletes every namespace it made (their veths go with them) and any host link left behind.
 */
public final class NetnsLab implements AutoCloseable {
  public static final String NETNS_DIR = "/var/run/netns";

  /** A namespace made by the lab. */
  public record Netns(String name) {
    public String path() {
      return NETNS_DIR + "/" + name;
    }
  }

  private final String run;
  private final List<Netns> namespaces = new ArrayList<>();
  private final List<String> hostOnly = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  private NetnsLab(String run) {
    this.run = run;
  }

  /** Checks the lab can run here (root, ip, ethtool) and fails with a clear line if not. */
  public static NetnsLab start() {
    Commands.requireRootAnd(
        "netns integration tests create network namespaces",
        List.of("/usr/sbin/ip", "/usr/sbin/ethtool", "/usr/bin/nsenter"));
    byte[] random = new byte[2];
    new SecureRandom().nextBytes(random);
    return new NetnsLab(String.format("%02x%02x", random[0], random[1]));
  }

  /** A new, empty namespace. */
  public Netns namespace() {
    Netns ns = new Netns("cnmnt-" + run + "-" + next.getAndIncrement());
    Commands.run(List.of("ip", "netns", "add", ns.name()));
    namespaces.add(ns);
    return ns;
  }

  /** A host link name with {@code prefix} (eni, lxc, cali) and 8 hex digits unique to this run. */
  public String hostName(String prefix) {
    return prefix + run + String.format("%04x", next.getAndIncrement());
  }

  /** A pod namespace with {@code eth0} paired to a host veth named with {@code prefix}. */
  public Netns pod(String prefix) {
    Netns ns = namespace();
    veth(ns, prefix, "eth0");
    return ns;
  }

  /** Adds a veth pair: {@code podName} in {@code ns}, a CNI-like name in the host; returns it. */
  public String veth(Netns ns, String prefix, String podName) {
    String host = hostName(prefix);
    Commands.run(
        List.of(
            "ip", "link", "add", host, "type", "veth", "peer", "name", podName, "netns",
            ns.name()));
    return host;
  }

  /**
   * A pod namespace whose only interface, {@code eth0}, is a macvlan on a host device (an ifb, as
   * this kernel has no dummy driver): its IFLA_LINK points into the host, at its parent, yet it has
   * no host peer.
   */
  public Netns macvlanPod() {
    Netns ns = namespace();
    String parent = hostName("eni");
    Commands.run(List.of("ip", "link", "add", parent, "type", "ifb"));
    hostOnly.add(parent);
    String macvlan = hostName("eni");
    Commands.run(List.of("ip", "link", "add", macvlan, "link", parent, "type", "macvlan"));
    Commands.run(List.of("ip", "link", "set", macvlan, "netns", ns.name(), "name", "eth0"));
    return ns;
  }

  /** A veth pair between two pods: {@code name} in both, neither end in the host. */
  public void podToPod(Netns a, Netns b, String name) {
    Commands.run(
        List.of(
            "ip", "link", "add", name, "netns", a.name(), "type", "veth", "peer", "name", name,
            "netns", b.name()));
  }

  /** Creates {@code count} pods at once (one {@code ip -batch}), cycling through CNI prefixes. */
  public List<Netns> pods(int count) {
    String[] prefixes = {"eni", "lxc", "cali"};
    StringBuilder batch = new StringBuilder();
    List<Netns> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Netns ns = new Netns("cnmnt-" + run + "-" + next.getAndIncrement());
      batch.append("netns add ").append(ns.name()).append('\n');
      batch
          .append("link add ")
          .append(hostName(prefixes[i % prefixes.length]))
          .append(" type veth peer name eth0 netns ")
          .append(ns.name())
          .append('\n');
      created.add(ns);
    }
    namespaces.addAll(created);
    Commands.run(List.of("ip", "-batch", "-"), batch.toString());
    return created;
  }

  /**
   * Deletes {@code ns} and creates it again with a fresh veth {@code eth0}, in one {@code ip
   * -batch}: while this runs, its path vanishes and comes back.
   */
  public void recreate(Netns ns, String prefix) {
    String batch =
        "netns del "
            + ns.name()
            + "\nnetns add "
            + ns.name()
            + "\nlink add "
            + hostName(prefix)
            + " type veth peer name eth0 netns "
            + ns.name()
            + "\n";
    Commands.run(List.of("ip", "-batch", "-"), batch);
  }

  public void delete(Netns ns) {
    Commands.run(List.of("ip", "netns", "del", ns.name()));
    namespaces.remove(ns);
  }

  /** Runs {@code command} inside {@code ns} with {@code ip netns exec}. */
  public String exec(Netns ns, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
    full.addAll(List.of(command));
    return Commands.run(full);
  }

  public String run() {
    return run;
  }

  @Override
  public void close() {
    List<String> failures = new ArrayList<>();
    for (Netns ns : List.copyOf(namespaces)) {
      if (!Files.exists(Path.of(ns.path()))) {
        namespaces.remove(ns);
        continue;
      }
      try {
        delete(ns);
      } catch (IllegalStateException e) {
        failures.add(e.getMessage());
      }
    }
    for (String link : hostOnly) {
      try {
        Commands.run(List.of("ip", "link", "del", link));
      } catch (IllegalStateException e) {
        failures.add(e.getMessage());
      }
    }
    // host ends normally vanish with their peers' namespaces; remove any left half-made
    for (String line : Commands.run(List.of("ip", "-o", "link", "show")).split("\n")) {
      String[] fields = line.split(": ");
      if (fields.length > 1 && fields[1].contains(run)) {
        String name = fields[1].split("@")[0];
        if (name.matches("(eni|lxc|cali)" + run + "[0-9a-f]{4}")) {
          try {
            Commands.run(List.of("ip", "link", "del", name));
          } catch (IllegalStateException e) {
            // already gone with its namespace (the kernel removes pairs asynchronously)
          }
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("netns lab cleanup: " + String.join("; ", failures));
    }
  }
}
