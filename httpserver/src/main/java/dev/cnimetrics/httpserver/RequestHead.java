package dev.cnimetrics.httpserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses an HTTP/1.x request head (request line and headers, RFC 9112) from bytes; pure. */
final class RequestHead {
  private RequestHead() {}

  /** A head that cannot be answered as a request: the status and the one-line reason. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String reason) {
      super(reason);
      this.status = status;
    }
  }

  /**
   * The length of the head including its blank line, once {@code data[0, length)} holds it all;
   * empty while more bytes are needed. Bare LF line ends are accepted, as RFC 9112 allows.
   */
  static Optional<Integer> end(byte[] data, int length) {
    for (int i = 0; i < length; i++) {
      if (data[i] != '\n') {
        continue;
      }
      if (i >= 1 && data[i - 1] == '\n') {
        return Optional.of(i + 1);
      }
      if (i >= 2 && data[i - 1] == '\r' && data[i - 2] == '\n') {
        return Optional.of(i + 1);
      }
    }
    return Optional.empty();
  }

  static Request parse(byte[] data, int length) throws BadRequest {
    String head = new String(data, 0, length, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n", -1);
    int first = 0;
    // A client may send blank lines before the request line (RFC 9112 2.2).
    while (first < lines.length && lines[first].isEmpty()) {
      first++;
    }
    if (first == lines.length) {
      throw new BadRequest(400, "empty request");
    }
    String[] parts = lines[first].split(" ", -1);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty()) {
      throw new BadRequest(400, "bad request line");
    }
    String target = parts[1];
    if (!target.startsWith("/")) {
      throw new BadRequest(400, "request target must be a path starting with /");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = first + 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new BadRequest(400, "bad header line");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    return new Request(parts[0], path, query, headers);
  }
}
