package dev.cnimetrics.cri.info;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Reads the "info" entry of a verbose PodSandboxStatus response. Pure: strings in, a record out.
 *
 * <p>Layouts handled: containerd 1.6/1.7 ({@code pid}, {@code runtimeSpec}, {@code cniResult}),
 * containerd 2.x (the same plus {@code sandboxMetadata: {Version, Metadata: {NetNSPath,
 * CNIResult}}}) and cri-o ({@code pid}, {@code runtimeSpec}; spoofed sandboxes only {@code
 * runtimeSpec}).
 */
public final class VerboseInfoParser {
  /** The info map key containerd and cri-o both use. */
  public static final String INFO_KEY = "info";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 160;

  private VerboseInfoParser() {}

  public static VerboseInfo parse(Map<String, String> info) throws InfoParseException {
    String text = info.get(INFO_KEY);
    if (text == null) {
      throw new InfoParseException(
          "no \"" + INFO_KEY + "\" entry in the verbose status (found keys " + info.keySet() + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InfoParseException("\"info\" is not JSON: " + shorten(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InfoParseException("\"info\" is not a JSON object: " + shorten(text));
    }
    JsonNode spec = field(root, "runtimeSpec");
    JsonNode metadata = metadata(root);
    JsonNode cniResult = field(root, "cniResult");
    if (cniResult == null && metadata != null) {
      cniResult = field(metadata, "CNIResult");
    }
    Optional<String> specPath = Optional.empty();
    VerboseInfo.SpecNetwork specNetwork = VerboseInfo.SpecNetwork.NO_SPEC;
    if (spec != null) {
      JsonNode entry = networkEntry(spec);
      if (entry == null) {
        specNetwork = VerboseInfo.SpecNetwork.NO_ENTRY;
      } else {
        specPath = text(entry, "path", "runtimeSpec.linux.namespaces[type=network].path");
        specNetwork =
            specPath.isPresent()
                ? VerboseInfo.SpecNetwork.ENTRY_WITH_PATH
                : VerboseInfo.SpecNetwork.ENTRY_WITHOUT_PATH;
      }
    }
    Optional<String> metadataPath =
        metadata == null
            ? Optional.empty()
            : text(metadata, "NetNSPath", "sandboxMetadata.Metadata.NetNSPath");
    CniInterfaces cni = cniInterfaces(cniResult);
    return new VerboseInfo(pid(root), specNetwork, specPath, metadataPath, cni.host(), cni.pod());
  }

  private static OptionalLong pid(JsonNode root) throws InfoParseException {
    JsonNode pid = root.get("pid");
    if (pid == null || pid.isNull()) {
      return OptionalLong.empty();
    }
    if (!pid.isIntegralNumber() || !pid.canConvertToLong() || pid.asLong() < 0) {
      throw new InfoParseException("pid: expected a non-negative integer; found " + shorten(pid));
    }
    return pid.asLong() == 0 ? OptionalLong.empty() : OptionalLong.of(pid.asLong());
  }

  /** containerd 2.x wraps its sandbox metadata as {"Version":"v1","Metadata":{...}}. */
  private static JsonNode metadata(JsonNode root) throws InfoParseException {
    JsonNode wrapper = field(root, "sandboxMetadata");
    if (wrapper == null) {
      return null;
    }
    JsonNode inner = field(wrapper, "Metadata");
    return inner == null ? wrapper : inner;
  }

  private static JsonNode networkEntry(JsonNode spec) throws InfoParseException {
    JsonNode linux = field(spec, "linux");
    JsonNode namespaces = linux == null ? null : linux.get("namespaces");
    if (namespaces == null || namespaces.isNull()) {
      return null;
    }
    if (!namespaces.isArray()) {
      throw new InfoParseException(
          "runtimeSpec.linux.namespaces: expected an array; found " + shorten(namespaces));
    }
    for (JsonNode ns : namespaces) {
      if (ns.isObject() && "network".equals(ns.path("type").asText())) {
        return ns;
      }
    }
    return null;
  }

  /** The CNI result's interface names, split by side; each list sorted. */
  private record CniInterfaces(List<String> host, List<String> pod) {}

  private static CniInterfaces cniInterfaces(JsonNode cniResult) throws InfoParseException {
    JsonNode interfaces = cniResult == null ? null : cniResult.get("Interfaces");
    if (interfaces == null || interfaces.isNull()) {
      return new CniInterfaces(List.of(), List.of());
    }
    if (!interfaces.isObject()) {
      throw new InfoParseException(
          "cniResult.Interfaces: expected an object; found " + shorten(interfaces));
    }
    TreeSet<String> host = new TreeSet<>();
    TreeSet<String> pod = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : interfaces.properties()) {
      if (!e.getValue().isObject()) {
        throw new InfoParseException(
            "cniResult.Interfaces."
                + e.getKey()
                + ": expected an object; found "
                + shorten(e.getValue()));
      }
      JsonNode sandbox = e.getValue().get("Sandbox");
      if (sandbox == null || sandbox.isNull() || sandbox.asText().isEmpty()) {
        host.add(e.getKey());
      } else {
        pod.add(e.getKey());
      }
    }
    return new CniInterfaces(new ArrayList<>(host), new ArrayList<>(pod));
  }

  /** An object member, or null when absent or JSON null; anything else than an object fails. */
  private static JsonNode field(JsonNode parent, String name) throws InfoParseException {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new InfoParseException(name + ": expected an object; found " + shorten(n));
    }
    return n;
  }

  private static Optional<String> text(JsonNode parent, String name, String where)
      throws InfoParseException {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new InfoParseException(where + ": expected a string; found " + shorten(n));
    }
    return n.asText().isEmpty() ? Optional.empty() : Optional.of(n.asText());
  }

  private static String shorten(Object value) {
    String s = String.valueOf(value).replaceAll("\\s+", " ");
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
  }
}
