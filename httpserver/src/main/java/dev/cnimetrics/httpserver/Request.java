package dev.cnimetrics.httpserver;

import java.util.List;
import java.util.Map;

/**
 * A parsed request head. {@code path} is the raw path of the request target, never decoded or
 * normalised, so {@code /metrics/../v1/report} and {@code /metrics%2F} are paths of their own.
 *
 * @param headers lower-case names, values in arrival order
 */
public record Request(String method, String path, String query, Map<String, List<String>> headers) {

  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }
}
