package dev.cnimetrics.netns.setns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnimetrics.netns.HostLinks;
import dev.cnimetrics.netns.NetnsErrorReason;
import dev.cnimetrics.netns.PeerResolver;
import dev.cnimetrics.netns.PodNetns;
import dev.cnimetrics.netns.PodResolution;
import dev.cnimetrics.netns.ResolutionErrors;
import dev.cnimetrics.netns.netlink.NetlinkResolver;
import dev.cnimetrics.netns.sys.LibC;
import dev.cnimetrics.netns.testing.NetnsLab;
import dev.cnimetrics.testkit.host.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 setns resolutions (and as many netlink ones) over real pods, namespaces that vanish and
 * come back while the test runs, bad paths, and {@code /proc/self/fd} paths of closed fds. After
 * every resolution the worker thread must be back in the host namespace; no fd may leak.
 *
 * <p>One test double: {@link FailingReturn} makes the worker's return to the host fail now and then
 * (a real setns on an invalid fd), which no real setup causes on demand. The thread must then be
 * discarded and its pods continued on a new one.
 */
class SetnsRobustnessIT {
  private static final int RESOLUTIONS = 100_000;
  private static final int RETURN_FAILURE_ONE_IN = 10_000;
  private static final String HOST_NETNS = "/proc/thread-self/ns/net";

  @TempDir Path tmp;

  /** Fails the return to the host on demand with a real EBADF from setns. */
  static final class FailingReturn implements NsSwitch {
    final AtomicBoolean failNext = new AtomicBoolean();
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public int enter(int podFd) {
      return NsSwitch.REAL.enter(podFd);
    }

    @Override
    public int leave(int homeFd) {
      if (failNext.compareAndSet(true, false)) {
        failed.incrementAndGet();
        return NsSwitch.REAL.leave(-1);
      }
      return NsSwitch.REAL.leave(homeFd);
    }
  }

  private record Target(String kind, PodNetns pod) {}

  @Test
  void workerAlwaysReturnsHomeAndNothingLeaks() throws Exception {
    String host = Files.readSymbolicLink(Path.of(HOST_NETNS)).toString();
    try (NetnsLab lab = NetnsLab.start()) {
      List<Target> targets = targets(lab);
      List<NetnsLab.Netns> vanishing = List.of(lab.pod("lxc"), lab.pod("cali"), lab.pod("eni"));
      for (NetnsLab.Netns ns : vanishing) {
        targets.add(new Target("vanishing", new PodNetns(ns.name(), ns.path())));
      }

      run(lab, vanishing, targets, host, 2_000); // warm-up: class loading, JNA, process pipes
      List<String> fdsBefore = openFds();
      Stats stats = run(lab, vanishing, targets, host, RESOLUTIONS);
      List<String> fdsAfter = openFds();

      System.out.printf(
          "robustness: %d setns resolutions, %s, %d return failures injected, fds %d -> %d%n",
          RESOLUTIONS, stats.outcomes, stats.injected, fdsBefore.size(), fdsAfter.size());
      assertEquals(fdsBefore, fdsAfter, "open fds before and after");
      assertTrue(stats.injected >= 1, "the return failure was exercised");
      assertTrue(stats.outcomes.contains("vanishing:NETNS_GONE"), "a namespace vanished mid-run");
      assertTrue(stats.outcomes.contains("closed-fd:NETNS_GONE"), "a closed fd was resolved");
    }
  }

  private List<Target> targets(NetnsLab lab) throws IOException, InterruptedException {
    List<Target> targets = new ArrayList<>();
    for (NetnsLab.Netns ns : List.of(lab.pod("eni"), lab.pod("lxc"), lab.pod("cali"))) {
      targets.add(new Target("pod", new PodNetns(ns.name(), ns.path())));
    }
    Path fifo = tmp.resolve("fifo");
    Commands.run(List.of("mkfifo", fifo.toString()));
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    for (String bad :
        List.of(
            "/nonexistent/netns",
            "",
            "/proc/" + exited.pid() + "/ns/net",
            "/etc/hostname",
            "/",
            "/proc/self/ns/uts",
            fifo.toString())) {
      targets.add(new Target("bad-path", new PodNetns("bad", bad)));
    }
    targets.add(new Target("closed-fd", null));
    return targets;
  }

  private static final class Stats {
    final Set<String> outcomes = new java.util.TreeSet<>();
    int injected;
  }

  private Stats run(
      NetnsLab lab, List<NetnsLab.Netns> vanishing, List<Target> targets, String host, int count)
      throws Exception {
    FailingReturn ns = new FailingReturn();
    Stats stats = new Stats();
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn =
        new Thread(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                lab.recreate(vanishing.get(i % vanishing.size()), "lxc");
              }
            },
            "netns-churn");
    churn.start();
    SplittableRandom random = new SplittableRandom(42);
    try (SetnsResolver setns = new SetnsResolver(ns, ResolutionErrors.NONE);
        PeerResolver netlink = NetlinkResolver.open(ResolutionErrors.NONE)) {
      HostLinks links = setns.hostLinks();
      for (int i = 0; i < count; i++) {
        if (i % 1_000 == 0) {
          links = setns.hostLinks(); // one dump per refresh, as the agent does
        }
        Target target = targets.get(random.nextInt(targets.size()));
        int closedFd = -1;
        PodNetns pod = target.pod();
        if (pod == null) {
          closedFd = LibC.open(targets.get(0).pod().path(), LibC.O_RDONLY | LibC.O_CLOEXEC);
          LibC.close(closedFd);
          pod = new PodNetns("closed", "/proc/self/fd/" + closedFd);
        }
        if (random.nextInt(RETURN_FAILURE_ONE_IN) == 0) {
          ns.failNext.set(true);
        }
        int failedBefore = ns.failed.get();
        NamespaceThread worker = setns.currentWorker();
        PodResolution answer = setns.resolve(links, List.of(pod)).get(0);
        netlink.resolve(links, List.of(pod));
        boolean injected = ns.failed.get() != failedBefore;
        check(target, answer, injected);
        if (injected) {
          worker = worker != null ? worker : setns.currentWorker();
          awaitEnd(worker);
          stats.injected++;
        }
        String now = setns.onWorker(r -> netnsOfThisThread());
        if (!host.equals(now)) {
          fail("after resolution " + i + " of " + pod.path() + " the worker is in " + now);
        }
        stats.outcomes.add(target.kind() + ":" + outcome(answer));
      }
    } finally {
      stop.set(true);
      churn.join();
    }
    return stats;
  }

  private static void check(Target target, PodResolution answer, boolean injected) {
    if (injected) {
      PodResolution.Skipped skipped = (PodResolution.Skipped) answer;
      assertEquals(NetnsErrorReason.RETURN_FAILED, skipped.reason());
      assertEquals(
          "setns back to the host netns: Bad file descriptor — worker thread discarded, the"
              + " remaining pods run on a new thread",
          skipped.message());
      return;
    }
    String outcome = outcome(answer);
    boolean allowed =
        switch (target.kind()) {
          case "pod" -> answer instanceof PodResolution.Resolved r && r.hasHostPeer();
          case "vanishing" -> Set.of("Resolved", "NETNS_GONE", "NOT_A_NETNS").contains(outcome);
          case "bad-path" -> Set.of("NETNS_GONE", "NOT_A_NETNS").contains(outcome);
          default -> !outcome.equals("RETURN_FAILED");
        };
    if (!allowed) {
      fail(target.kind() + " " + answer.pod().path() + ": unexpected " + answer);
    }
  }

  private static String outcome(PodResolution answer) {
    return answer instanceof PodResolution.Skipped s ? s.reason().name() : "Resolved";
  }

  private static void awaitEnd(NamespaceThread worker) throws InterruptedException {
    for (int i = 0; i < 100 && worker.alive(); i++) {
      Thread.sleep(10);
    }
    assertFalse(worker.alive(), "a thread that could not return home ends");
  }

  private static String netnsOfThisThread() {
    try {
      return Files.readSymbolicLink(Path.of(HOST_NETNS)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What every open fd of this process points at, sorted (the listing's own fd left out). */
  private static List<String> openFds() throws IOException {
    List<String> targets = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          targets.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
          // the listing's own directory fd is closed by the time it is read
        }
      }
    }
    targets.sort(null);
    return targets;
  }
}
