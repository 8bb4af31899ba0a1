package dev.cnimetrics.httpserver;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete answer: the server writes it with a Content-Length and closes the connection, so no
 * client can hold a connection open between requests.
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

  public static Response text(int status, String body) {
    return of(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  public static Response of(int status, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new Response(status, headers, body);
  }

  /** This answer with one more header. */
  public Response with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, more, body);
  }
}
