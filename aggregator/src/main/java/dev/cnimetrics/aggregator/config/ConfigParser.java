package dev.cnimetrics.aggregator.config;

import dev.cnimetrics.aggregator.config.AggregatorConfig.SinkKind;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.config.CommandLine;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Durations;
import dev.cnimetrics.config.Durations.BareNumber;
import dev.cnimetrics.config.Flag;
import dev.cnimetrics.config.Setting;
import dev.cnimetrics.config.Values;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command line + environment → {@link AggregatorConfig}. A flag wins over its environment
 * variables, which win over the default. Every bad value is one line naming the flag (or the
 * variable that supplied it), what was expected and what was found.
 */
public final class ConfigParser {
  /** The upstream helper's interval variable, in bare seconds there. */
  static final String BARE_SECONDS_ENV = "METRIC_UPDATE_INTERVAL";

  private final Map<String, String> env;
  private final CommandLine commandLine;

  private ConfigParser(Map<String, String> env, CommandLine commandLine) {
    this.env = env;
    this.commandLine = commandLine;
  }

  /** Empty when help or version was printed instead. */
  public static Optional<AggregatorConfig> parse(
      String[] args, Map<String, String> env, PrintWriter out) throws ConfigException {
    CommandLine cl = CommandLine.parse(AggregatorFlags.ALL, args, env);
    if (cl.helpRequested() || cl.versionRequested()) {
      out.print(
          cl.helpRequested()
              ? CommandLine.usage("cni-metrics-aggregator", SUMMARY, AggregatorFlags.ALL)
              : "cni-metrics-aggregator "
                  + ConfigParser.class.getPackage().getImplementationVersion()
                  + "\n");
      out.flush();
      return Optional.empty();
    }
    return Optional.of(new ConfigParser(env, cl).build());
  }

  private static final String SUMMARY =
      "Cluster aggregator: scrapes every agent's node report, sums the CNI metrics of the cluster"
          + " and publishes them to CloudWatch, as EMF and to Prometheus (/metrics); one replica"
          + " at a time leads through a Lease.";

  private Setting get(Flag f) {
    return commandLine.get(f);
  }

  private static boolean absent(Setting s) {
    return s.value() == null || s.value().isBlank();
  }

  private Duration duration(Flag f) throws ConfigException {
    return duration(get(f));
  }

  /** Bare seconds only where the upstream helper's METRIC_UPDATE_INTERVAL set the value. */
  private static Duration duration(Setting s) throws ConfigException {
    return Values.positiveDuration(
        s.source(),
        s.value(),
        s.source().equals(BARE_SECONDS_ENV) ? BareNumber.SECONDS : BareNumber.REFUSED);
  }

  private long integer(Flag f, long min, long max) throws ConfigException {
    Setting s = get(f);
    return Values.integer(s.source(), s.value(), min, max);
  }

  private boolean bool(Flag f) throws ConfigException {
    Setting s = get(f);
    return Values.bool(s.source(), s.value());
  }

  private String text(Flag f) {
    Setting s = get(f);
    return absent(s) ? null : s.value().trim();
  }

  private String namespace(Flag f) throws ConfigException {
    Setting s = get(f);
    return absent(s) ? null : Values.namespace(s.source(), s.value());
  }

  private URI uri(Flag f, String example) throws ConfigException {
    Setting s = get(f);
    return absent(s) ? null : Values.httpUrl(s.source(), s.value(), example);
  }

  private AggregatorConfig build() throws ConfigException {
    Duration interval = duration(AggregatorFlags.INTERVAL);
    Setting deadlineSetting = get(AggregatorFlags.CYCLE_DEADLINE);
    Duration deadline =
        absent(deadlineSetting) ? interval.multipliedBy(2).dividedBy(3) : duration(deadlineSetting);
    if (deadline.compareTo(interval) >= 0) {
      throw ConfigException.invalid(
          deadlineSetting.source(),
          "a duration below --interval (" + Durations.format(interval) + ")",
          deadlineSetting.value());
    }
    Setting timeoutSetting = get(AggregatorFlags.SCRAPE_TIMEOUT);
    Duration scrapeTimeout = duration(timeoutSetting);
    if (!timeoutSetting.given() && scrapeTimeout.compareTo(deadline) > 0) {
      scrapeTimeout = deadline;
    }
    if (scrapeTimeout.compareTo(deadline) > 0) {
      throw ConfigException.invalid(
          timeoutSetting.source(),
          "a duration not above the cycle deadline (" + Durations.format(deadline) + ")",
          timeoutSetting.value());
    }
    Duration leaseDuration = duration(AggregatorFlags.LEASE_DURATION);
    Setting renewSetting = get(AggregatorFlags.RENEW_DEADLINE);
    Duration renewDeadline = duration(renewSetting);
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw ConfigException.invalid(
          renewSetting.source(),
          "a duration below --lease-duration (" + Durations.format(leaseDuration) + ")",
          renewSetting.value());
    }
    return new AggregatorConfig(
        new AggregatorConfig.CycleSettings(
            interval,
            deadline,
            duration(AggregatorFlags.MAX_REPORT_AGE),
            integer(AggregatorFlags.MAX_COUNTER_INCREASE, 1, 1L << 53),
            integer(AggregatorFlags.CYCLES, 0, Long.MAX_VALUE)),
        new AggregatorConfig.ScrapeSettings(
            scrapeTimeout,
            (int) integer(AggregatorFlags.SCRAPE_CONCURRENCY, 1, 10_000),
            (int) integer(AggregatorFlags.MAX_REPORT_BYTES, 1024, 64 << 20)),
        new AggregatorConfig.PublishSettings(
            sinks(),
            uri(AggregatorFlags.CLOUDWATCH_ENDPOINT, "https://monitoring.us-east-1.amazonaws.com"),
            text(AggregatorFlags.CLOUDWATCH_NAMESPACE) == null
                ? "Kubernetes"
                : text(AggregatorFlags.CLOUDWATCH_NAMESPACE),
            (int) integer(AggregatorFlags.CLOUDWATCH_BACKLOG, 0, 100_000),
            duration(AggregatorFlags.CLOUDWATCH_TIMEOUT),
            extraDimensions(),
            perNodeGauges()),
        new AggregatorConfig.AwsSettings(
            text(AggregatorFlags.CLUSTER_ID),
            text(AggregatorFlags.REGION),
            uri(AggregatorFlags.EC2_ENDPOINT, "https://ec2.us-east-1.amazonaws.com"),
            bool(AggregatorFlags.IMDS),
            uri(AggregatorFlags.IMDS_ENDPOINT, "http://169.254.169.254"),
            subnetInterval()),
        new AggregatorConfig.KubeSettings(
            namespace(AggregatorFlags.NAMESPACE),
            namespace(AggregatorFlags.AGENT_NAMESPACE),
            text(AggregatorFlags.AGENT_SELECTOR),
            (int) integer(AggregatorFlags.AGENT_PORT, 1, 65535),
            agents(),
            text(AggregatorFlags.LEASE_NAME),
            leaseDuration,
            renewDeadline,
            duration(AggregatorFlags.RETRY_PERIOD),
            text(AggregatorFlags.IDENTITY)),
        hostPort(AggregatorFlags.LISTEN),
        text(AggregatorFlags.AUTH_TOKEN_FILE) == null
            ? null
            : Path.of(text(AggregatorFlags.AUTH_TOKEN_FILE)),
        acceptTokenFile(),
        logLevel());
  }

  /** Only beside --auth-token-file: a second accepted token without a first one means nothing. */
  private Path acceptTokenFile() throws ConfigException {
    Setting s = get(AggregatorFlags.AUTH_ACCEPT_TOKEN_FILE);
    if (absent(s)) {
      return null;
    }
    if (text(AggregatorFlags.AUTH_TOKEN_FILE) == null) {
      throw ConfigException.invalid(
          s.source(), "it only together with --auth-token-file", s.value());
    }
    return Path.of(s.value().trim());
  }

  /**
   * Case-insensitive, so the upstream helper's AWS_VPC_K8S_CNI_LOGLEVEL values (FATAL, ERROR, WARN,
   * INFO, DEBUG) keep working; FATAL is error, the most severe level slf4j has.
   */
  private String logLevel() throws ConfigException {
    Setting s = get(AggregatorFlags.LOG_LEVEL);
    String v = s.value().trim().toLowerCase(Locale.ROOT);
    if (v.equals("fatal")) {
      return "error";
    }
    if (!Set.of("error", "warn", "info", "debug", "trace").contains(v)) {
      throw ConfigException.invalid(s.source(), "error, warn, info, debug or trace", s.value());
    }
    return v;
  }

  private InetSocketAddress hostPort(Flag f) throws ConfigException {
    Setting s = get(f);
    return Values.hostPort(s.source(), s.value());
  }

  private List<InetSocketAddress> agents() throws ConfigException {
    Setting s = get(AggregatorFlags.AGENTS);
    List<InetSocketAddress> out = new ArrayList<>();
    if (s.value() == null) {
      return out;
    }
    for (String item : s.value().split(",", -1)) {
      if (!item.isBlank() || !s.value().isBlank()) {
        out.add(Values.hostPort(s.source(), item));
      }
    }
    return out;
  }

  private Set<SinkKind> sinks() throws ConfigException {
    Setting s = get(AggregatorFlags.SINKS);
    if (!s.given()) {
      s = upstreamSinks().orElse(s);
    }
    Set<SinkKind> out = EnumSet.noneOf(SinkKind.class);
    for (String item : s.value().split(",", -1)) {
      String v = item.trim().toLowerCase(Locale.ROOT);
      if (v.isEmpty() && s.value().isBlank()) {
        continue;
      }
      try {
        out.add(SinkKind.valueOf(v.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(
            s.source(), "a comma list of cloudwatch, prometheus, emf", s.value());
      }
    }
    return out;
  }

  /**
   * The upstream helper's switches: CloudWatch unless USE_CLOUDWATCH=false, Prometheus only with
   * USE_PROMETHEUS=true. Used only when one of them is set and no --sinks/CNI_METRICS_SINKS is.
   */
  private Optional<Setting> upstreamSinks() throws ConfigException {
    String cw = env.get("USE_CLOUDWATCH");
    String prom = env.get("USE_PROMETHEUS");
    if ((cw == null || cw.isBlank()) && (prom == null || prom.isBlank())) {
      return Optional.empty();
    }
    List<String> sinks = new ArrayList<>();
    if (cw == null || cw.isBlank() || Values.bool("USE_CLOUDWATCH", cw)) {
      sinks.add("cloudwatch");
    }
    if (prom != null && !prom.isBlank() && Values.bool("USE_PROMETHEUS", prom)) {
      sinks.add("prometheus");
    }
    return Optional.of(new Setting(String.join(",", sinks), "USE_CLOUDWATCH/USE_PROMETHEUS", true));
  }

  /** {@code off} or a node count; each node is a handful of billed custom metrics. */
  private int perNodeGauges() throws ConfigException {
    Setting s = get(AggregatorFlags.PER_NODE_GAUGES);
    if (s.value().trim().equalsIgnoreCase("off")) {
      return 0;
    }
    try {
      int n = Integer.parseInt(s.value().trim());
      if (n >= 1 && n <= MAX_PER_NODE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ConfigException.invalid(
        s.source(), "off or a node count from 1 to " + MAX_PER_NODE, s.value());
  }

  /**
   * With the cap at 100 and about 9 gauges per node a cycle stays under PutMetricData's 1,000
   * datums, so it is still one request.
   */
  static final int MAX_PER_NODE = 100;

  private Duration subnetInterval() throws ConfigException {
    Setting s = get(AggregatorFlags.SUBNET_INTERVAL);
    if (s.value().trim().equalsIgnoreCase("off")) {
      return null;
    }
    Optional<Duration> d = Durations.parse(s.value(), BareNumber.REFUSED);
    if (d.isEmpty() || d.get().compareTo(Duration.ofMinutes(1)) < 0) {
      throw ConfigException.invalid(
          s.source(), "off or a duration of at least 1m such as 5m", s.value());
    }
    return d.get();
  }

  private List<ExtraDimension> extraDimensions() throws ConfigException {
    Setting s = get(AggregatorFlags.EXTRA_DIMENSIONS);
    List<ExtraDimension> out = new ArrayList<>();
    if (absent(s)) {
      return out;
    }
    for (String item : s.value().split(",", -1)) {
      ExtraDimension match = null;
      for (ExtraDimension d : ExtraDimension.values()) {
        if (d.flagValue().equals(item.trim())) {
          match = d;
        }
      }
      if (match == null) {
        throw ConfigException.invalid(
            s.source(), "a comma list of instance-type, availability-zone", s.value());
      }
      if (!out.contains(match)) {
        out.add(match);
      }
    }
    return out;
  }
}
