package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.CommandLine;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Flag;
import dev.cnimetrics.config.Setting;
import dev.cnimetrics.config.Values;
import java.net.URI;
import java.util.List;

/** Flags of the EC2 instance metadata (IMDSv2) read done once at start. */
public final class ImdsOptions {

  public static final String DEFAULT_ENDPOINT = "http://169.254.169.254";

  static final Flag ENABLED =
      Flag.of(
          "--imds",
          "true|false",
          "true",
          "Read instance id, type, region and zone from IMDSv2 once at start.");
  static final Flag ENDPOINT =
      Flag.of(
          "--imds-endpoint", "URL", DEFAULT_ENDPOINT, "Base URL of the instance metadata service.");

  public static final List<Flag> FLAGS = List.of(ENABLED, ENDPOINT);

  private ImdsOptions() {}

  public static ImdsConfig toConfig(CommandLine cl) throws ConfigException {
    Setting enabled = cl.get(ENABLED);
    Setting endpoint = cl.get(ENDPOINT);
    boolean on = Values.bool(enabled.source(), enabled.value());
    URI uri = Values.httpUrl(endpoint.source(), endpoint.value(), DEFAULT_ENDPOINT);
    return new ImdsConfig(on, uri);
  }

  /** The validated IMDS flags. */
  public record ImdsConfig(boolean enabled, URI endpoint) {}
}
