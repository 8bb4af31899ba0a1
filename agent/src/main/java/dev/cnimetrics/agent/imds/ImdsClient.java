package dev.cnimetrics.agent.imds;

import dev.cnimetrics.agent.net.BoundedHttpClient;
import dev.cnimetrics.agent.net.FetchException;
import dev.cnimetrics.agent.net.HttpResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * IMDSv2 without the AWS SDK (its imds module is not available here): PUT a session token, then GET
 * each value with it. Each request is bounded; the whole read happens once at start.
 */
public final class ImdsClient {

  static final String TOKEN_PATH = "/latest/api/token";
  static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
  private static final int MAX_BYTES = 64 * 1024;

  private final String base;
  private final BoundedHttpClient http;

  public ImdsClient(URI endpoint) {
    this(endpoint, new BoundedHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2), MAX_BYTES));
  }

  ImdsClient(URI endpoint, BoundedHttpClient http) {
    this.base = endpoint.toString().replaceAll("/+$", "");
    this.http = http;
  }

  public InstanceMetadata read() throws FetchException {
    String token =
        text(
            TOKEN_PATH,
            HttpRequest.newBuilder(URI.create(base + TOKEN_PATH))
                .header(TTL_HEADER, "300")
                .PUT(HttpRequest.BodyPublishers.noBody()));
    return new InstanceMetadata(
        get("/latest/meta-data/instance-id", token),
        get("/latest/meta-data/instance-type", token),
        get("/latest/meta-data/placement/region", token),
        get("/latest/meta-data/placement/availability-zone", token));
  }

  private String get(String path, String token) throws FetchException {
    return text(
        path, HttpRequest.newBuilder(URI.create(base + path)).header(TOKEN_HEADER, token).GET());
  }

  private String text(String path, HttpRequest.Builder request) throws FetchException {
    HttpResult r;
    try {
      r = http.send(request);
    } catch (FetchException e) {
      throw new FetchException(base + path + ": " + e.getMessage());
    }
    if (r.status() != 200) {
      throw new FetchException(base + path + ": HTTP " + r.status() + " (expected 200)");
    }
    String value = new String(r.body(), StandardCharsets.UTF_8).trim();
    if (value.isEmpty() || value.contains("\n")) {
      throw new FetchException(base + path + ": expected one line, found " + describe(value));
    }
    return value;
  }

  private static String describe(String value) {
    return value.isEmpty() ? "an empty answer" : value.lines().count() + " lines";
  }
}
