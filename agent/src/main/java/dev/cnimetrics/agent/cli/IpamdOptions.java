package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Values;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Flags of the ipamd collector. */
public final class IpamdOptions {

  public static final String DEFAULT_URL = "http://127.0.0.1:61678/metrics";

  @Option(
      names = "--ipamd-url",
      paramLabel = "URL",
      defaultValue = DEFAULT_URL,
      description =
          "ipamd's metrics endpoint, or 'none' to run without ipamd."
              + " Env CNI_METRICS_IPAMD_URL. Default "
              + DEFAULT_URL
              + ".")
  private String url;

  @Option(
      names = "--ipamd-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "Deadline for one whole ipamd request, connect to last byte (100ms to 1m)."
              + " Env CNI_METRICS_IPAMD_TIMEOUT. Default 5s.")
  private String timeout;

  @Option(
      names = "--ipamd-max-bytes",
      paramLabel = "BYTES",
      defaultValue = "1048576",
      description =
          "Largest ipamd response read; a longer one is cut off and reported (1024 to 1073741824)."
              + " Env CNI_METRICS_IPAMD_MAX_BYTES. Default 1048576 (1 MiB).")
  private String maxBytes;

  public IpamdConfig toConfig() throws ConfigException {
    String urlFlag = EnvDefaults.source("--ipamd-url");
    Optional<URI> uri =
        "none".equals(url)
            ? Optional.empty()
            : Optional.of(Values.httpUrl(urlFlag, url, DEFAULT_URL + ", or none"));
    Duration deadline =
        Values.duration(
            EnvDefaults.source("--ipamd-timeout"),
            timeout,
            Duration.ofMillis(100),
            Duration.ofMinutes(1));
    int limit =
        (int) Values.integer(EnvDefaults.source("--ipamd-max-bytes"), maxBytes, 1024, 1 << 30);
    return new IpamdConfig(uri, deadline, limit);
  }

  /** The validated ipamd flags; an empty URL means ipamd is disabled. */
  public record IpamdConfig(Optional<URI> url, Duration timeout, int maxBytes) {}
}
