package dev.cnimetrics.cri.info;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
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

  private static final int MAX_DETAIL = 160;

  private VerboseInfoParser() {}

  public static VerboseInfo parse(Map<String, String> info) throws InfoParseException {
    String text = info.get(INFO_KEY);
    if (text == null) {
      throw new InfoParseException(
          "no \"" + INFO_KEY + "\" entry in the verbose status (found keys " + info.keySet() + ")");
    }
    Object parsed;
    try {
      parsed = JsonValues.parse(text);
    } catch (JsonProcessingException e) {
      throw new InfoParseException("\"info\" is not JSON: " + shorten(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InfoParseException("\"info\" is not JSON: " + shorten(e.getMessage()));
    }
    if (!(parsed instanceof Map<?, ?> root)) {
      throw new InfoParseException("\"info\" is not a JSON object: " + shorten(text));
    }
    Map<?, ?> spec = field(root, "runtimeSpec");
    Map<?, ?> metadata = metadata(root);
    Map<?, ?> cniResult = field(root, "cniResult");
    if (cniResult == null && metadata != null) {
      cniResult = field(metadata, "CNIResult");
    }
    Optional<String> specPath = Optional.empty();
    VerboseInfo.SpecNetwork specNetwork = VerboseInfo.SpecNetwork.NO_SPEC;
    if (spec != null) {
      Map<?, ?> entry = networkEntry(spec);
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

  private static OptionalLong pid(Map<?, ?> root) throws InfoParseException {
    Object pid = root.get("pid");
    if (pid == null) {
      return OptionalLong.empty();
    }
    if (!(pid instanceof Long value) || value < 0) {
      throw new InfoParseException(
          "pid: expected a non-negative integer; found " + shortenJson(pid));
    }
    return value == 0 ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** containerd 2.x wraps its sandbox metadata as {"Version":"v1","Metadata":{...}}. */
  private static Map<?, ?> metadata(Map<?, ?> root) throws InfoParseException {
    Map<?, ?> wrapper = field(root, "sandboxMetadata");
    if (wrapper == null) {
      return null;
    }
    Map<?, ?> inner = field(wrapper, "Metadata");
    return inner == null ? wrapper : inner;
  }

  private static Map<?, ?> networkEntry(Map<?, ?> spec) throws InfoParseException {
    Map<?, ?> linux = field(spec, "linux");
    Object namespaces = linux == null ? null : linux.get("namespaces");
    if (namespaces == null) {
      return null;
    }
    if (!(namespaces instanceof List<?> list)) {
      throw new InfoParseException(
          "runtimeSpec.linux.namespaces: expected an array; found " + shortenJson(namespaces));
    }
    for (Object ns : list) {
      if (ns instanceof Map<?, ?> entry && "network".equals(entry.get("type"))) {
        return entry;
      }
    }
    return null;
  }

  /** The CNI result's interface names, split by side; each list sorted. */
  private record CniInterfaces(List<String> host, List<String> pod) {}

  private static CniInterfaces cniInterfaces(Map<?, ?> cniResult) throws InfoParseException {
    Object interfaces = cniResult == null ? null : cniResult.get("Interfaces");
    if (interfaces == null) {
      return new CniInterfaces(List.of(), List.of());
    }
    if (!(interfaces instanceof Map<?, ?> byName)) {
      throw new InfoParseException(
          "cniResult.Interfaces: expected an object; found " + shortenJson(interfaces));
    }
    TreeSet<String> host = new TreeSet<>();
    TreeSet<String> pod = new TreeSet<>();
    for (Map.Entry<?, ?> e : byName.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> entry)) {
        throw new InfoParseException(
            "cniResult.Interfaces."
                + e.getKey()
                + ": expected an object; found "
                + shortenJson(e.getValue()));
      }
      String name = (String) e.getKey();
      Object sandbox = entry.get("Sandbox");
      if (sandbox == null || asText(sandbox).isEmpty()) {
        host.add(name);
      } else {
        pod.add(name);
      }
    }
    return new CniInterfaces(new ArrayList<>(host), new ArrayList<>(pod));
  }

  /** An object member, or null when absent or JSON null; anything else than an object fails. */
  private static Map<?, ?> field(Map<?, ?> parent, String name) throws InfoParseException {
    Object n = parent.get(name);
    if (n == null) {
      return null;
    }
    if (!(n instanceof Map<?, ?> object)) {
      throw new InfoParseException(name + ": expected an object; found " + shortenJson(n));
    }
    return object;
  }

  private static Optional<String> text(Map<?, ?> parent, String name, String where)
      throws InfoParseException {
    Object n = parent.get(name);
    if (n == null) {
      return Optional.empty();
    }
    if (!(n instanceof String s)) {
      throw new InfoParseException(where + ": expected a string; found " + shortenJson(n));
    }
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** A scalar's text as Jackson's {@code asText()} gives it; objects and arrays give "". */
  private static String asText(Object value) {
    return value instanceof Map || value instanceof List ? "" : String.valueOf(value);
  }

  /** A JSON value as compact JSON text for an error message. */
  private static String shortenJson(Object value) {
    return shorten(JsonValues.text(value));
  }

  /** Error detail on one line, bounded. */
  private static String shorten(String text) {
    String s = String.valueOf(text).replaceAll("\\s+", " ");
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
  }
}
