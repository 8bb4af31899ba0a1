package dev.cnimetrics.agent.cli;

import dev.cnimetrics.config.CommandLine;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Flag;
import dev.cnimetrics.config.Setting;
import dev.cnimetrics.config.Values;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Flags of the ipamd collector. */
public final class IpamdOptions {

  public static final String DEFAULT_URL = "http://127.0.0.1:61678/metrics";

  static final Flag URL =
      Flag.of(
          "--ipamd-url",
          "URL",
          DEFAULT_URL,
          "ipamd's metrics endpoint, or 'none' to run without ipamd.");
  static final Flag TIMEOUT =
      Flag.of(
          "--ipamd-timeout",
          "DURATION",
          "5s",
          "Deadline for one whole ipamd request, connect to last byte (100ms to 1m).");
  static final Flag MAX_BYTES =
      Flag.of(
          "--ipamd-max-bytes",
          "BYTES",
          "1048576",
          "Largest ipamd response read, 1048576 being 1 MiB; a longer one is cut off and reported"
              + " (1024 to 1073741824).");

  public static final List<Flag> FLAGS = List.of(URL, TIMEOUT, MAX_BYTES);

  private IpamdOptions() {}

  public static IpamdConfig toConfig(CommandLine cl) throws ConfigException {
    Setting url = cl.get(URL);
    Optional<URI> uri =
        "none".equals(url.value())
            ? Optional.empty()
            : Optional.of(Values.httpUrl(url.source(), url.value(), DEFAULT_URL + ", or none"));
    Setting timeout = cl.get(TIMEOUT);
    Duration deadline =
        Values.duration(
            timeout.source(), timeout.value(), Duration.ofMillis(100), Duration.ofMinutes(1));
    Setting maxBytes = cl.get(MAX_BYTES);
    int limit = (int) Values.integer(maxBytes.source(), maxBytes.value(), 1024, 1 << 30);
    return new IpamdConfig(uri, deadline, limit);
  }

  /** The validated ipamd flags; an empty URL means ipamd is disabled. */
  public record IpamdConfig(Optional<URI> url, Duration timeout, int maxBytes) {}
}
