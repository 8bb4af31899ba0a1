package dev.cnimetrics.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnimetrics.cri.info.InfoFixtures;
import dev.cnimetrics.cri.info.NetnsPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The whole {@link Sandbox} read from verbose PodSandboxStatus responses recorded from each real
 * containerd the test node runs (scripts/e2e/capture-info.sh): a pod on the node's bridge network
 * and a hostNetwork pod. A new capture changes ids, uids, pids, veth names and times, and these
 * values with them.
 */
class CapturedSandboxTest {
  private static final NetnsPolicy POLICY = new NetnsPolicy(InfoFixtures.CAPTURED_NETNS_DIR);

  private static Sandbox sandbox(String fixture) {
    return SandboxAssembler.assemble(InfoFixtures.response(fixture), POLICY).sandbox();
  }

  private static Sandbox pod(
      String id, String uid, String createdAt, String netns, long pid, String hostVeth) {
    return new Sandbox(
        id,
        "web",
        "cnmcri-capture",
        uid,
        SandboxState.READY,
        Instant.parse(createdAt),
        false,
        Optional.of(InfoFixtures.CAPTURED_NETNS_DIR.resolve(netns)),
        OptionalLong.of(pid),
        List.of("cnmcri0", hostVeth),
        List.of("eth0", "lo"),
        Optional.empty());
  }

  private static Sandbox hostNetworkPod(String id, String uid, String createdAt, long pid) {
    return new Sandbox(
        id,
        "node-agent",
        "cnmcri-capture",
        uid,
        SandboxState.READY,
        Instant.parse(createdAt),
        true,
        Optional.empty(),
        OptionalLong.of(pid),
        List.of(),
        List.of(),
        Optional.empty());
  }

  @Test
  void containerd16() {
    assertEquals(
        pod(
            "7644bd48319ce37ed9ea0d662293f9e8f77473c0a8956497d129a600ee21c079",
            "06ea1407-05c6-4555-8507-c44e838b22cb",
            "2026-12-01T08:51:51.298894665Z",
            "cni-99086a50-996c-235a-d7f7-9dc66bbee127",
            10382,
            "vethf7dbec37"),
        sandbox("containerd-1.6-pod"));
    assertEquals(
        hostNetworkPod(
            "7c570d797f178c3db5ad10dc0581552713734692cd3fd5d9d971695b049b5cd9",
            "af19d51e-e67a-43d6-9332-cf59c9de12a3",
            "2026-12-01T08:51:52.671733353Z",
            10453),
        sandbox("containerd-1.6-hostnetwork"));
  }

  @Test
  void containerd17() {
    assertEquals(
        pod(
            "d730e6399195b33ebf2677136abd754568a0c6a6acb3ffe29e4149cac735401c",
            "2e6d2658-916e-4285-ad02-7dd56e7814f2",
            "2026-12-01T08:52:01.376590115Z",
            "cni-2f07960f-c453-7cfe-0960-436eb905ac7d",
            10862,
            "veth924c0b48"),
        sandbox("containerd-1.7-pod"));
    assertEquals(
        hostNetworkPod(
            "5078efaa81b3803a28860d16a309041039bfed3dc7087e07f0cb93aa96b55edd",
            "a30e41b2-9b5d-4815-9b27-ecd312256546",
            "2026-12-01T08:52:02.936969151Z",
            10938),
        sandbox("containerd-1.7-hostnetwork"));
  }

  @Test
  void containerd21() {
    assertEquals(
        pod(
            "7201b03fcb5c255bd4a0e90de6156a3f82203fa62685b989b8e41cdfa8bb21a9",
            "f8ada37a-09ba-4e0a-a9bf-4afa59794753",
            "2026-12-01T08:52:13.880781967Z",
            "cni-ba63be13-a2df-3867-55aa-47c2fbe926ab",
            11652,
            "vethf682ed25"),
        sandbox("containerd-2.1-pod"));
    assertEquals(
        hostNetworkPod(
            "0df5d305e939a83123b72892398b051022f8da7539a9fd0acbdef40ae1339dce",
            "83d1b580-3e87-41e1-907e-73756c0450c6",
            "2026-12-01T08:52:15.993281864Z",
            11734),
        sandbox("containerd-2.1-hostnetwork"));
  }

  @Test
  void aRecordedPathOutsideTheNetnsDirIsRejected() {
    SandboxAssembler.Assembled a =
        SandboxAssembler.assemble(
            InfoFixtures.response("containerd-2.1-pod"),
            new NetnsPolicy(Path.of("/var/run/netns")));
    assertEquals(Optional.of(CriErrorReason.NETNS_REJECTED), a.sandbox().problem());
    assertEquals(Optional.empty(), a.sandbox().netnsPath());
  }
}
