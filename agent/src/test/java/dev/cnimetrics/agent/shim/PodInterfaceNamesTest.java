package dev.cnimetrics.agent.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.cri.Sandbox;
import dev.cnimetrics.netns.HostPeer;
import dev.cnimetrics.netns.PodInterface;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where pod_interface comes from, and when it stays empty rather than guessed. */
class PodInterfaceNamesTest {

  private static final HostPeer VETH = new HostPeer(11, "veth1c7e2f9a");
  private static final PodInterface UNNAMED =
      new PodInterface(Optional.empty(), 2, Optional.of(VETH), "veth");

  private static String name(List<String> cniHost, List<String> cniPod, PodInterface i) {
    Sandbox s = FakeNode.pod("s", "web", cniHost, cniPod);
    return PodInterfaceNames.podInterface(s, i, i.hostPeer().orElseThrow());
  }

  @Test
  void theKernelsNameWinsWhenTheMethodSawIt() {
    PodInterface named = new PodInterface(Optional.of("net1"), 3, Optional.of(VETH), "veth");
    assertEquals("net1", name(List.of("cni0", "veth1c7e2f9a"), List.of("eth0", "lo"), named));
  }

  @Test
  void bridgeCniResultNamesThePodSideOfItsHostVeth() {
    assertEquals("eth0", name(List.of("cni0", "veth1c7e2f9a"), List.of("eth0", "lo"), UNNAMED));
  }

  @Test
  void awsVpcCniResultWithoutLoopback() {
    PodInterface eni =
        new PodInterface(
            Optional.empty(), 3, Optional.of(new HostPeer(9, "eni8d3f1a2b6c4")), "veth");
    assertEquals("eth0", name(List.of("eni8d3f1a2b6c4"), List.of("eth0"), eni));
  }

  @Test
  void aHostInterfaceTheCniResultDoesNotNameIsUnknown() {
    PodInterface extra =
        new PodInterface(Optional.empty(), 5, Optional.of(new HostPeer(12, "lxc9f3a")), "veth");
    assertEquals("", name(List.of("cni0", "veth1c7e2f9a"), List.of("eth0", "lo"), extra));
  }

  @Test
  void severalPodSideNamesInTheResultAreAmbiguous() {
    assertEquals(
        "", name(List.of("veth1c7e2f9a", "veth22"), List.of("eth0", "lo", "net1"), UNNAMED));
  }

  @Test
  void noCniResultAtAllIsUnknown() {
    assertEquals("", name(List.of(), List.of(), UNNAMED));
  }
}
