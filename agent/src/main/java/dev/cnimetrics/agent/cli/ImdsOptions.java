package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Values;
import java.net.URI;
import picocli.CommandLine.Option;

/** Flags of the EC2 instance metadata (IMDSv2) read done once at start. */
public final class ImdsOptions {

  public static final String DEFAULT_ENDPOINT = "http://169.254.169.254";

  @Option(
      names = "--imds",
      paramLabel = "true|false",
      defaultValue = "true",
      description =
          "Read instance id, type, region and zone from IMDSv2 once at start."
              + " Env CNI_METRICS_IMDS. Default true.")
  private String enabled;

  @Option(
      names = "--imds-endpoint",
      paramLabel = "URL",
      defaultValue = DEFAULT_ENDPOINT,
      description =
          "Base URL of the instance metadata service."
              + " Env CNI_METRICS_IMDS_ENDPOINT. Default "
              + DEFAULT_ENDPOINT
              + ".")
  private String endpoint;

  public ImdsConfig toConfig() throws ConfigException {
    boolean on = Values.bool(EnvDefaults.source("--imds"), enabled);
    URI uri = Values.httpUrl(EnvDefaults.source("--imds-endpoint"), endpoint, DEFAULT_ENDPOINT);
    return new ImdsConfig(on, uri);
  }

  /** The validated IMDS flags. */
  public record ImdsConfig(boolean enabled, URI endpoint) {}
}
