package dev.cnimetrics.agent.imds;

import dev.cnimetrics.httpclient.BoundedHttpClient;
import dev.cnimetrics.httpclient.FetchException;
import dev.cnimetrics.httpclient.ImdsSession;
import dev.cnimetrics.report.Instance;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the agent reads from IMDS (the shared {@link ImdsSession}: token, then bounded GETs): the
 * instance once at start, its ENIs when ipamd names a new one.
 */
public final class ImdsClient {

  private final URI endpoint;
  private final BoundedHttpClient http;

  public ImdsClient(URI endpoint) {
    this(
        endpoint,
        new BoundedHttpClient(Duration.ofSeconds(1), Duration.ofSeconds(2), ImdsSession.MAX_BYTES));
  }

  ImdsClient(URI endpoint, BoundedHttpClient http) {
    this.endpoint = endpoint;
    this.http = http;
  }

  public Instance read() throws FetchException {
    ImdsSession imds = ImdsSession.open(endpoint, http);
    return new Instance(
        imds.get("/latest/meta-data/instance-id"),
        imds.get("/latest/meta-data/instance-type"),
        imds.get("/latest/meta-data/placement/region"),
        imds.get("/latest/meta-data/placement/availability-zone"));
  }

  /**
   * The instance's ENIs as IMDS lists them under {@code network/interfaces/macs/} (EC2 User Guide,
   * "Instance metadata categories"): per MAC its {@code interface-id}, {@code subnet-id}, {@code
   * local-ipv4s} (one address per line, the primary first) and {@code ipv4-prefix} (absent, 404,
   * without prefix delegation).
   */
  public List<NetworkInterface> networkInterfaces() throws FetchException {
    ImdsSession imds = ImdsSession.open(endpoint, http);
    String base = imds.base();
    String macsPath = "/latest/meta-data/network/interfaces/macs/";
    List<String> macs = imds.lines(macsPath, false);
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
                  base,
                  dir + "interface-id",
                  imds.get(dir + "interface-id"),
                  NetworkInterface.ENI_ID),
              checked(
                  base, dir + "subnet-id", imds.get(dir + "subnet-id"), NetworkInterface.SUBNET_ID),
              imds.lines(dir + "local-ipv4s", true).size(),
              imds.lines(dir + "ipv4-prefix", true).size()));
    }
    return out;
  }

  private static String checked(String base, String path, String value, Pattern pattern)
      throws FetchException {
    if (!pattern.matcher(value).matches()) {
      throw new FetchException(
          base + path + ": expected an id matching " + pattern + ", found '" + value + "'");
    }
    return value;
  }
}
