package dev.cnimetrics.cri.info;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.cri.CriErrorReason;
import dev.cnimetrics.cri.info.VerboseInfo.SpecNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NetnsResolverTest {
  private final NetnsPolicy policy = new NetnsPolicy(Path.of("/var/run/netns"));

  private NetnsResolver.Result resolve(boolean hostNetwork, String fixture) throws Exception {
    return NetnsResolver.resolve(
        hostNetwork, VerboseInfoParser.parse(Map.of("info", InfoFixtures.info(fixture))), policy);
  }

  private static VerboseInfo info(
      long pid, SpecNetwork spec, String specPath, String metadataPath) {
    return new VerboseInfo(
        pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid),
        spec,
        Optional.ofNullable(specPath),
        Optional.ofNullable(metadataPath),
        List.of(),
        List.of());
  }

  @Test
  void everyRuntimesPodResolvesToItsPinnedNamespace() throws Exception {
    NetnsPolicy captured = new NetnsPolicy(InfoFixtures.CAPTURED_NETNS_DIR);
    for (String f : List.of("containerd-1.6-pod", "containerd-1.7-pod", "containerd-2.1-pod")) {
      NetnsResolver.Result r =
          NetnsResolver.resolve(
              false, VerboseInfoParser.parse(Map.of("info", InfoFixtures.info(f))), captured);
      assertEquals(Optional.empty(), r.problem(), f);
      assertEquals(InfoFixtures.CAPTURED_NETNS_DIR, r.path().orElseThrow().getParent(), f);
    }
    assertEquals(
        Optional.of(Path.of("/var/run/netns/8f3c2b1a-7d6e-4f5a-9b8c-0d1e2f3a4b5c")),
        resolve(false, "crio-pod").path());
    assertEquals(
        Optional.of(Path.of("/var/run/netns/2a3b4c5d-6e7f-4801-9a2b-3c4d5e6f7a8b")),
        resolve(false, "crio-spoofed-pod").path());
  }

  @Test
  void hostNetworkPodsHaveNoNetnsAndNoProblem() throws Exception {
    for (String f :
        List.of(
            "containerd-1.6-hostnetwork",
            "containerd-1.7-hostnetwork",
            "containerd-2.1-hostnetwork",
            "crio-hostnetwork")) {
      NetnsResolver.Result r = resolve(true, f);
      assertEquals(Optional.empty(), r.path(), f);
      assertEquals(Optional.empty(), r.problem(), f);
    }
  }

  @Test
  void specWithoutNetworkEntryForAPodNetworkPodIsMissing() throws Exception {
    NetnsResolver.Result r = resolve(false, "containerd-1.6-hostnetwork");
    assertEquals(Optional.of(CriErrorReason.NETNS_MISSING), r.problem());
    assertEquals(
        "the runtime spec has no network namespace, but the pod is not hostNetwork", r.detail());
  }

  @Test
  void procFallbackWhenTheSpecHasNoPath() {
    assertEquals(
        Optional.of(Path.of("/proc/77/ns/net")),
        NetnsResolver.resolve(false, info(77, SpecNetwork.ENTRY_WITHOUT_PATH, null, null), policy)
            .path());
    assertEquals(
        Optional.of(Path.of("/proc/77/ns/net")),
        NetnsResolver.resolve(false, info(77, SpecNetwork.NO_SPEC, null, null), policy).path());
  }

  @Test
  void nothingToGoBy() {
    NetnsResolver.Result r =
        NetnsResolver.resolve(false, info(0, SpecNetwork.NO_SPEC, null, null), policy);
    assertEquals(Optional.of(CriErrorReason.NETNS_MISSING), r.problem());
    assertEquals("the runtime reported neither a netns path nor a pid", r.detail());
  }

  @Test
  void aRejectedSpecPathIsNotReplacedByTheNextCandidate() {
    NetnsResolver.Result r =
        NetnsResolver.resolve(
            false,
            info(77, SpecNetwork.ENTRY_WITH_PATH, "/etc/shadow", "/var/run/netns/cni-1"),
            policy);
    assertEquals(Optional.empty(), r.path());
    assertEquals(Optional.of(CriErrorReason.NETNS_REJECTED), r.problem());
    assertEquals(
        "netns path \"/etc/shadow\" is not an absolute, normalized path at /var/run/netns/<name>"
            + " or /proc/<pid>/ns/net; set --netns-dir to the directory the runtime pins"
            + " namespaces in",
        r.detail());
  }

  @Test
  void metadataPathIsCheckedToo() {
    NetnsResolver.Result r =
        NetnsResolver.resolve(
            false, info(0, SpecNetwork.NO_SPEC, null, "/var/run/netns/../x"), policy);
    assertEquals(Optional.of(CriErrorReason.NETNS_REJECTED), r.problem());
  }
}
