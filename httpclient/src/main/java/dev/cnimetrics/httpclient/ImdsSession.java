package dev.cnimetrics.httpclient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One IMDSv2 session, without the AWS SDK (its imds module is not available here): {@link #open}
 * PUTs for a session token, then each value is a GET with it (EC2 User Guide, "Use the Instance
 * Metadata Service to access instance metadata"). Every request is bounded in time and size; a
 * status other than 200 is a failure, and the token is used only once its PUT answered 200.
 */
public final class ImdsSession {

  public static final String TOKEN_PATH = "/latest/api/token";
  public static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

  /** IMDS values are short; a larger answer is not IMDS's. */
  public static final int MAX_BYTES = 64 * 1024;

  private final String base;
  private final BoundedHttpClient http;
  private final String token;

  private ImdsSession(String base, BoundedHttpClient http, String token) {
    this.base = base;
    this.http = http;
    this.token = token;
  }

  /** A session with IMDS's usual bounds: 1 s to connect, 2 s per request, 64 KiB per answer. */
  public static ImdsSession open(URI endpoint) throws FetchException {
    return open(
        endpoint, new BoundedHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2), MAX_BYTES));
  }

  public static ImdsSession open(URI endpoint, BoundedHttpClient http) throws FetchException {
    String base = endpoint.toString().replaceAll("/+$", "");
    String token =
        oneLine(
            base,
            TOKEN_PATH,
            body(http, base, "PUT", TOKEN_PATH, Map.of(TTL_HEADER, "300"), false));
    return new ImdsSession(base, http, token);
  }

  /** The base URL, as messages name it. */
  public String base() {
    return base;
  }

  /** A one-line value ({@code /latest/meta-data/placement/region}). */
  public String get(String path) throws FetchException {
    return oneLine(base, path, body(http, base, "GET", path, Map.of(TOKEN_HEADER, token), false));
  }

  /** The non-empty lines of a list value; with {@code optional}, a 404 is an empty list. */
  public List<String> lines(String path, boolean optional) throws FetchException {
    String value = body(http, base, "GET", path, Map.of(TOKEN_HEADER, token), optional);
    return value.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  private static String oneLine(String base, String path, String value) throws FetchException {
    if (value.isEmpty() || value.contains("\n")) {
      throw new FetchException(
          base
              + path
              + ": expected one line, found "
              + (value.isEmpty() ? "an empty answer" : value.lines().count() + " lines"));
    }
    return value;
  }

  private static String body(
      BoundedHttpClient http,
      String base,
      String method,
      String path,
      Map<String, String> headers,
      boolean notFoundIsEmpty)
      throws FetchException {
    HttpResult r;
    try {
      r = http.send(method, URI.create(base + path), headers);
    } catch (FetchException e) {
      throw new FetchException(base + path + ": " + e.getMessage());
    }
    if (r.status() == 404 && notFoundIsEmpty) {
      return "";
    }
    if (r.status() != 200) {
      throw new FetchException(base + path + ": HTTP " + r.status() + " (expected 200)");
    }
    return new String(r.body(), StandardCharsets.UTF_8).trim();
  }
}
