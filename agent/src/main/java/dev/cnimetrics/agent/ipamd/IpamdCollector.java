package dev.cnimetrics.agent.ipamd;

import dev.cnimetrics.agent.cli.IpamdOptions.IpamdConfig;
import dev.cnimetrics.agent.collect.NodeCollector;
import dev.cnimetrics.agent.collect.ProblemLog;
import dev.cnimetrics.agent.promtext.PrometheusTextParser;
import dev.cnimetrics.httpclient.BoundedHttpClient;
import dev.cnimetrics.httpclient.FetchException;
import dev.cnimetrics.httpclient.HttpResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ipamd's {@code /metrics} once per refresh: one bounded GET, then pure parsing and catalogue
 * extraction. Every failure becomes a DOWN snapshot with one line naming the URL and the reason;
 * logs only when that line changes, so a node without ipamd does not log every cycle.
 */
public final class IpamdCollector implements NodeCollector<IpamdSnapshot> {

  private static final Logger log = LoggerFactory.getLogger(IpamdCollector.class);

  // Ask for the classic text format, not protobuf or OpenMetrics.
  static final String ACCEPT = "text/plain; version=0.0.4";

  /**
   * Samples read from one answer at most. ipamd serves a few hundred (its largest labelled families
   * grow with ENIs and CIDRs); past this the answer is not ipamd's, and parsing it further would
   * only cost CPU.
   */
  static final int MAX_SERIES = 10_000;

  private final URI url;
  private final BoundedHttpClient http;
  private final Clock clock;
  private long parseErrorsTotal;
  private final ProblemLog state = ProblemLog.startingUnknown();
  private int lastMalformed;

  public IpamdCollector(URI url, BoundedHttpClient http, Clock clock) {
    this.url = url;
    this.http = http;
    this.clock = clock;
  }

  /** The collector the flags ask for: a reader of the URL, or one that reports "disabled". */
  public static NodeCollector<IpamdSnapshot> from(IpamdConfig config, Clock clock) {
    if (config.url().isEmpty()) {
      return () -> IpamdSnapshot.disabled(clock.instant());
    }
    Duration connect =
        config.timeout().compareTo(Duration.ofSeconds(2)) < 0
            ? config.timeout()
            : Duration.ofSeconds(2);
    BoundedHttpClient http = new BoundedHttpClient(connect, config.timeout(), config.maxBytes());
    return new IpamdCollector(config.url().get(), http, clock);
  }

  @Override
  public synchronized IpamdSnapshot collect() {
    long start = System.nanoTime();
    IpamdValues values = IpamdValues.NONE;
    String error;
    try {
      values = read();
      error = null;
    } catch (FetchException e) {
      error = "ipamd " + url + ": " + e.getMessage();
    }
    OptionalDouble duration = OptionalDouble.of((System.nanoTime() - start) / 1e9);
    logTransition(error);
    return error == null
        ? new IpamdSnapshot(
            clock.instant(),
            IpamdSnapshot.State.UP,
            Optional.empty(),
            values,
            duration,
            parseErrorsTotal)
        : new IpamdSnapshot(
            clock.instant(),
            IpamdSnapshot.State.DOWN,
            Optional.of(error),
            IpamdValues.NONE,
            duration,
            parseErrorsTotal);
  }

  private IpamdValues read() throws FetchException {
    HttpResult response = http.send("GET", url, Map.of("Accept", ACCEPT));
    if (response.status() != 200) {
      throw new FetchException("HTTP " + response.status() + " (expected 200)");
    }
    CatalogueExtractor extracted = new CatalogueExtractor(MAX_SERIES);
    PrometheusTextParser.parse(new String(response.body(), StandardCharsets.UTF_8), extracted);
    PrometheusTextParser.MalformedLines malformed = extracted.malformedLines();
    parseErrorsTotal += malformed.count();
    if (extracted.ipamdSamples() == 0) {
      throw new FetchException(
          "no awscni_ metrics in the response (samples: "
              + extracted.samples()
              + ", malformed lines: "
              + malformed.count()
              + ")");
    }
    Optional<String> problem = extracted.problem();
    if (problem.isPresent()) {
      throw new FetchException(problem.get());
    }
    logMalformed(malformed);
    return extracted.values();
  }

  private void logMalformed(PrometheusTextParser.MalformedLines lines) {
    int malformed = lines.count();
    if (malformed > 0 && malformed != lastMalformed) {
      log.warn(
          "ipamd metrics have malformed lines, skipped them url={} malformed_lines={} first=\"{}\"",
          url,
          malformed,
          lines.first().orElse(""));
    }
    lastMalformed = malformed;
  }

  private void logTransition(String error) {
    if (error == null) {
      if (state.worked()) {
        log.info("ipamd up url={}", url);
      }
    } else if (state.failed(error)) {
      log.warn("ipamd down: {}", error);
    }
  }
}
