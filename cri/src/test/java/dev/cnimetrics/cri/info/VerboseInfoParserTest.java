package dev.cnimetrics.cri.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cnimetrics.cri.info.VerboseInfo.SpecNetwork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VerboseInfoParserTest {

  private static VerboseInfo parse(String fixture) throws InfoParseException {
    return VerboseInfoParser.parse(Map.of("info", InfoFixtures.info(fixture)));
  }

  private static final String NETNS = InfoFixtures.CAPTURED_NETNS_DIR + "/";

  @Test
  void containerd16PodOnBridge() throws Exception {
    VerboseInfo info = parse("containerd-1.6-pod");
    assertEquals(OptionalLong.of(10382), info.pid());
    assertEquals(SpecNetwork.ENTRY_WITH_PATH, info.specNetwork());
    assertEquals(
        Optional.of(NETNS + "cni-99086a50-996c-235a-d7f7-9dc66bbee127"), info.specNetnsPath());
    assertEquals(Optional.empty(), info.metadataNetnsPath());
    // The bridge plugin reports its bridge and the host veth without a sandbox; eth0 and lo are
    // inside the pod.
    assertEquals(List.of("cnmcri0", "vethf7dbec37"), info.cniHostInterfaces());
    assertEquals(List.of("eth0", "lo"), info.cniPodInterfaces());
  }

  @Test
  void containerd16HostNetworkHasNoNetworkNamespaceEntry() throws Exception {
    VerboseInfo info = parse("containerd-1.6-hostnetwork");
    assertEquals(OptionalLong.of(10453), info.pid());
    assertEquals(SpecNetwork.NO_ENTRY, info.specNetwork());
    assertEquals(Optional.empty(), info.specNetnsPath());
    assertEquals(List.of(), info.cniHostInterfaces());
  }

  @Test
  void containerd17PodOnBridge() throws Exception {
    VerboseInfo info = parse("containerd-1.7-pod");
    assertEquals(OptionalLong.of(10862), info.pid());
    assertEquals(
        Optional.of(NETNS + "cni-2f07960f-c453-7cfe-0960-436eb905ac7d"), info.specNetnsPath());
    assertEquals(Optional.empty(), info.metadataNetnsPath());
    assertEquals(List.of("cnmcri0", "veth924c0b48"), info.cniHostInterfaces());
    assertEquals(List.of("eth0", "lo"), info.cniPodInterfaces());
  }

  @Test
  void containerd17HostNetwork() throws Exception {
    VerboseInfo info = parse("containerd-1.7-hostnetwork");
    assertEquals(OptionalLong.of(10938), info.pid());
    assertEquals(SpecNetwork.NO_ENTRY, info.specNetwork());
    assertEquals(List.of(), info.cniHostInterfaces());
  }

  @Test
  void containerd21PodHasSpecAndSandboxMetadataPaths() throws Exception {
    VerboseInfo info = parse("containerd-2.1-pod");
    assertEquals(OptionalLong.of(11652), info.pid());
    assertEquals(
        Optional.of(NETNS + "cni-ba63be13-a2df-3867-55aa-47c2fbe926ab"), info.specNetnsPath());
    assertEquals(
        Optional.of(NETNS + "cni-ba63be13-a2df-3867-55aa-47c2fbe926ab"), info.metadataNetnsPath());
    assertEquals(List.of("cnmcri0", "vethf682ed25"), info.cniHostInterfaces());
    assertEquals(List.of("eth0", "lo"), info.cniPodInterfaces());
  }

  @Test
  void containerd21HostNetworkHasEmptyMetadataPath() throws Exception {
    VerboseInfo info = parse("containerd-2.1-hostnetwork");
    assertEquals(SpecNetwork.NO_ENTRY, info.specNetwork());
    assertEquals(Optional.empty(), info.metadataNetnsPath());
    assertEquals(OptionalLong.of(11734), info.pid());
  }

  @Test
  void containerd2WithoutRuntimeSpecStillNamesTheNetnsInItsMetadata() throws Exception {
    // The recorded 2.1 info less its runtimeSpec and pid (as for a sandbox whose task is gone):
    // the netns then comes from sandboxMetadata only.
    ObjectNode recorded =
        (ObjectNode) new ObjectMapper().readTree(InfoFixtures.info("containerd-2.1-pod"));
    recorded.remove(List.of("runtimeSpec", "pid"));
    VerboseInfo info = VerboseInfoParser.parse(Map.of("info", recorded.toString()));
    assertEquals(SpecNetwork.NO_SPEC, info.specNetwork());
    assertEquals(OptionalLong.empty(), info.pid());
    assertEquals(
        Optional.of(NETNS + "cni-ba63be13-a2df-3867-55aa-47c2fbe926ab"), info.metadataNetnsPath());
    assertEquals(List.of("cnmcri0", "vethf682ed25"), info.cniHostInterfaces());
  }

  @Test
  void awsVpcCniResultNamesOnlyTheHostVeth() throws Exception {
    // Written for this test: the shape of the AWS VPC CNI's result in containerd's cniResult (a
    // host veth eni…, no bridge, the pod's eth0 with a sandbox), not a recording.
    VerboseInfo info =
        VerboseInfoParser.parse(
            Map.of(
                "info",
                "{\"cniResult\":{\"Interfaces\":{\"eni8d3f1a2b6c4\":{\"Sandbox\":\"\"},"
                    + "\"eth0\":{\"Sandbox\":\"/var/run/netns/cni-1\"}}}}"));
    assertEquals(List.of("eni8d3f1a2b6c4"), info.cniHostInterfaces());
    assertEquals(List.of("eth0"), info.cniPodInterfaces());
  }

  @Test
  void crioPod() throws Exception {
    VerboseInfo info = parse("crio-pod");
    assertEquals(OptionalLong.of(31544), info.pid());
    assertEquals(
        Optional.of("/var/run/netns/8f3c2b1a-7d6e-4f5a-9b8c-0d1e2f3a4b5c"), info.specNetnsPath());
    assertEquals(List.of(), info.cniHostInterfaces(), "cri-o keeps no CNI result in the info");
    assertEquals(List.of(), info.cniPodInterfaces());
  }

  @Test
  void crioHostNetwork() throws Exception {
    VerboseInfo info = parse("crio-hostnetwork");
    assertEquals(SpecNetwork.NO_ENTRY, info.specNetwork());
    assertEquals(OptionalLong.of(2291), info.pid());
  }

  @Test
  void crioSpoofedSandboxHasNoPid() throws Exception {
    VerboseInfo info = parse("crio-spoofed-pod");
    assertEquals(OptionalLong.empty(), info.pid());
    assertEquals(
        Optional.of("/var/run/netns/2a3b4c5d-6e7f-4801-9a2b-3c4d5e6f7a8b"), info.specNetnsPath());
  }

  @Test
  void networkEntryWithoutPath() throws Exception {
    VerboseInfo info =
        VerboseInfoParser.parse(
            Map.of(
                "info",
                "{\"pid\":77,\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"pid\"},"
                    + "{\"type\":\"network\"}]}}}"));
    assertEquals(SpecNetwork.ENTRY_WITHOUT_PATH, info.specNetwork());
    assertEquals(Optional.empty(), info.specNetnsPath());
  }

  @Test
  void emptyObjectIsEmptyInfo() throws Exception {
    VerboseInfo info = VerboseInfoParser.parse(Map.of("info", "{}"));
    assertEquals(
        new VerboseInfo(
            OptionalLong.empty(),
            SpecNetwork.NO_SPEC,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of()),
        info);
  }

  private static String failure(Map<String, String> info) {
    return assertThrows(InfoParseException.class, () -> VerboseInfoParser.parse(info)).getMessage();
  }

  @Test
  void missingInfoKey() {
    assertEquals(
        "no \"info\" entry in the verbose status (found keys [other])",
        failure(Map.of("other", "{}")));
  }

  @Test
  void notJson() {
    assertEquals(
        "\"info\" is not JSON: Unrecognized token 'garbage': was expecting (JSON String, Number,"
            + " Array, Object or token 'null', 'true' or 'false')",
        failure(Map.of("info", "garbage{")));
  }

  @Test
  void notAnObject() {
    assertEquals("\"info\" is not a JSON object: [1,2]", failure(Map.of("info", "[1,2]")));
  }

  @Test
  void wrongTypes() {
    assertEquals(
        "pid: expected a non-negative integer; found \"12\"",
        failure(Map.of("info", "{\"pid\":\"12\"}")));
    assertEquals(
        "pid: expected a non-negative integer; found -1", failure(Map.of("info", "{\"pid\":-1}")));
    assertEquals(
        "runtimeSpec: expected an object; found \"x\"",
        failure(Map.of("info", "{\"runtimeSpec\":\"x\"}")));
    assertEquals(
        "runtimeSpec.linux.namespaces: expected an array; found {}",
        failure(Map.of("info", "{\"runtimeSpec\":{\"linux\":{\"namespaces\":{}}}}")));
    assertEquals(
        "runtimeSpec.linux.namespaces[type=network].path: expected a string; found 5",
        failure(
            Map.of(
                "info",
                "{\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"network\",\"path\":5}]}}}")));
    assertEquals(
        "cniResult.Interfaces.eth0: expected an object; found \"x\"",
        failure(Map.of("info", "{\"cniResult\":{\"Interfaces\":{\"eth0\":\"x\"}}}")));
    assertEquals(
        "sandboxMetadata.Metadata.NetNSPath: expected a string; found true",
        failure(Map.of("info", "{\"sandboxMetadata\":{\"Metadata\":{\"NetNSPath\":true}}}")));
  }

  @Test
  void longValuesAreShortenedToOneLine() {
    String big = "\"" + "x".repeat(500) + "\"";
    String msg = failure(Map.of("info", "{\"pid\":" + big + "}"));
    assertEquals("pid: expected a non-negative integer; found \"" + "x".repeat(159) + "...", msg);
  }
}
