package dev.cnimetrics.agent.imds;

import dev.cnimetrics.agent.net.BoundedHttpClient;
import dev.cnimetrics.agent.net.FetchException;
import dev.cnimetrics.agent.net.HttpResult;
import dev.cnimetrics.report.Instance;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

  public Instance read() throws FetchException {
    String token = token();
    return new Instance(
        get("/latest/meta-data/instance-id", token),
        get("/latest/meta-data/instance-type", token),
        get("/latest/meta-data/placement/region", token),
        get("/latest/meta-data/placement/availability-zone", token));
  }

  /**
   * The instance's ENIs as IMDS lists them under {@code network/interfaces/macs/} (EC2 User Guide,
   * "Instance metadata categories"): per MAC its {@code interface-id}, {@code subnet-id}, {@code
   * local-ipv4s} (one address per line, the primary first) and {@code ipv4-prefix} (absent, 404,
   * without prefix delegation).
   */
  public List<NetworkInterface> networkInterfaces() throws FetchException {
    String token = token();
    String macsPath = "/latest/meta-data/network/interfaces/macs/";
    List<String> macs = lines(macsPath, token, false);
    if (macs.size() > NetworkInterface.MAX_INTERFACES) {
      throw new FetchException(
          base
              + macsPath
              + ": expected at most "
              + NetworkInterface.MAX_INTERFACES
              + " interfaces, found "
              + macs.size());
    }
    List<NetworkInterface> out = new ArrayList<>();
    for (String entry : macs) {
      String mac = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
      if (!NetworkInterface.MAC.matcher(mac).matches()) {
        throw new FetchException(
            base + macsPath + ": expected MAC addresses, found '" + entry + "'");
      }
      String dir = macsPath + mac + "/";
      out.add(
          new NetworkInterface(
              mac,
              checked(
                  dir + "interface-id", get(dir + "interface-id", token), NetworkInterface.ENI_ID),
              checked(dir + "subnet-id", get(dir + "subnet-id", token), NetworkInterface.SUBNET_ID),
              lines(dir + "local-ipv4s", token, true).size(),
              lines(dir + "ipv4-prefix", token, true).size()));
    }
    return out;
  }

  private String token() throws FetchException {
    return text("PUT", TOKEN_PATH, Map.of(TTL_HEADER, "300"));
  }

  private String checked(String path, String value, Pattern pattern) throws FetchException {
    if (!pattern.matcher(value).matches()) {
      throw new FetchException(
          base + path + ": expected an id matching " + pattern + ", found '" + value + "'");
    }
    return value;
  }

  private String get(String path, String token) throws FetchException {
    return text("GET", path, Map.of(TOKEN_HEADER, token));
  }

  private String text(String method, String path, Map<String, String> headers)
      throws FetchException {
    String value = body(method, path, headers, false);
    if (value.isEmpty() || value.contains("\n")) {
      throw new FetchException(base + path + ": expected one line, found " + describe(value));
    }
    return value;
  }

  /** The non-empty lines of a list value; with {@code optional}, a 404 is an empty list. */
  private List<String> lines(String path, String token, boolean optional) throws FetchException {
    String value = body("GET", path, Map.of(TOKEN_HEADER, token), optional);
    return value.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }

  private String body(
      String method, String path, Map<String, String> headers, boolean notFoundIsEmpty)
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

  private static String describe(String value) {
    return value.isEmpty() ? "an empty answer" : value.lines().count() + " lines";
  }
}
