package dev.cnimetrics.aggregator.config;

import dev.cnimetrics.aggregator.config.AggregatorConfig.SinkKind;
import dev.cnimetrics.aggregator.sink.ExtraDimension;
import dev.cnimetrics.config.ConfigException;
import dev.cnimetrics.config.Durations;
import dev.cnimetrics.config.Durations.BareNumber;
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
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Command line + environment → {@link AggregatorConfig}. A flag wins over its environment
 * variables, which win over the default. Every bad value is one line naming the flag (or the
 * variable that supplied it), what was expected and what was found.
 */
public final class ConfigParser {
  /** The upstream helper's interval variable, in bare seconds there. */
  static final String BARE_SECONDS_ENV = "METRIC_UPDATE_INTERVAL";

  private final Map<String, String> env;
  private ParseResult parsed;

  private ConfigParser(Map<String, String> env) {
    this.env = env;
  }

  /** Empty when help or version was printed instead. */
  public static Optional<AggregatorConfig> parse(
      String[] args, Map<String, String> env, PrintWriter out) throws ConfigException {
    CommandLine cli = new CommandLine(spec());
    cli.setOut(out);
    cli.setUsageHelpWidth(120);
    ParseResult result;
    try {
      result = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException(e.getMessage());
    }
    if (CommandLine.printHelpIfRequested(result)) {
      out.flush();
      return Optional.empty();
    }
    ConfigParser p = new ConfigParser(env);
    p.parsed = result;
    return Optional.of(p.build());
  }

  static CommandSpec spec() {
    CommandSpec spec =
        CommandSpec.create().name("cni-metrics-aggregator").mixinStandardHelpOptions(true);
    spec.version(
        "cni-metrics-aggregator " + ConfigParser.class.getPackage().getImplementationVersion());
    for (Flag f : Flag.values()) {
      spec.addOption(
          OptionSpec.builder(f.name)
              .type(String.class)
              .paramLabel("VALUE")
              .description(
                  f.description
                      + " [env "
                      + String.join(", ", f.envNames)
                      + (f.defaultValue.isEmpty() ? "" : "; default " + f.defaultValue)
                      + "]")
              .build());
    }
    return spec;
  }

  private record Setting(String value, String source) {}

  private Setting get(Flag f) {
    if (parsed.hasMatchedOption(f.name)) {
      return new Setting(parsed.matchedOptionValue(f.name, ""), f.name);
    }
    for (String name : f.envNames) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        return new Setting(v, name);
      }
    }
    return new Setting(f.defaultValue, f.name);
  }

  private boolean isDefault(Flag f, Setting s) {
    return s.source().equals(f.name) && !parsed.hasMatchedOption(f.name);
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
    String v = get(f).value().trim();
    return v.isEmpty() ? null : v;
  }

  private String namespace(Flag f) throws ConfigException {
    Setting s = get(f);
    return s.value().isBlank() ? null : Values.namespace(s.source(), s.value());
  }

  private URI uri(Flag f, String example) throws ConfigException {
    Setting s = get(f);
    return s.value().isBlank() ? null : Values.httpUrl(s.source(), s.value(), example);
  }

  private AggregatorConfig build() throws ConfigException {
    Duration interval = duration(Flag.INTERVAL);
    Setting deadlineSetting = get(Flag.CYCLE_DEADLINE);
    Duration deadline =
        deadlineSetting.value().isBlank()
            ? interval.multipliedBy(2).dividedBy(3)
            : duration(deadlineSetting);
    if (deadline.compareTo(interval) >= 0) {
      throw ConfigException.invalid(
          deadlineSetting.source(),
          "a duration below --interval (" + Durations.format(interval) + ")",
          deadlineSetting.value());
    }
    Setting timeoutSetting = get(Flag.SCRAPE_TIMEOUT);
    Duration scrapeTimeout = duration(timeoutSetting);
    if (isDefault(Flag.SCRAPE_TIMEOUT, timeoutSetting) && scrapeTimeout.compareTo(deadline) > 0) {
      scrapeTimeout = deadline;
    }
    if (scrapeTimeout.compareTo(deadline) > 0) {
      throw ConfigException.invalid(
          timeoutSetting.source(),
          "a duration not above the cycle deadline (" + Durations.format(deadline) + ")",
          timeoutSetting.value());
    }
    Duration leaseDuration = duration(Flag.LEASE_DURATION);
    Setting renewSetting = get(Flag.RENEW_DEADLINE);
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
            duration(Flag.MAX_REPORT_AGE),
            integer(Flag.MAX_COUNTER_INCREASE, 1, 1L << 53),
            integer(Flag.CYCLES, 0, Long.MAX_VALUE)),
        new AggregatorConfig.ScrapeSettings(
            scrapeTimeout,
            (int) integer(Flag.SCRAPE_CONCURRENCY, 1, 10_000),
            (int) integer(Flag.MAX_REPORT_BYTES, 1024, 64 << 20)),
        new AggregatorConfig.PublishSettings(
            sinks(),
            uri(Flag.CLOUDWATCH_ENDPOINT, "https://monitoring.us-east-1.amazonaws.com"),
            text(Flag.CLOUDWATCH_NAMESPACE) == null
                ? "Kubernetes"
                : text(Flag.CLOUDWATCH_NAMESPACE),
            (int) integer(Flag.CLOUDWATCH_BACKLOG, 0, 100_000),
            duration(Flag.CLOUDWATCH_TIMEOUT),
            extraDimensions(),
            perNodeGauges()),
        new AggregatorConfig.AwsSettings(
            text(Flag.CLUSTER_ID),
            text(Flag.REGION),
            uri(Flag.EC2_ENDPOINT, "https://ec2.us-east-1.amazonaws.com"),
            bool(Flag.IMDS),
            uri(Flag.IMDS_ENDPOINT, "http://169.254.169.254"),
            subnetInterval()),
        new AggregatorConfig.KubeSettings(
            namespace(Flag.NAMESPACE),
            namespace(Flag.AGENT_NAMESPACE),
            text(Flag.AGENT_SELECTOR),
            (int) integer(Flag.AGENT_PORT, 1, 65535),
            agents(),
            text(Flag.LEASE_NAME),
            leaseDuration,
            renewDeadline,
            duration(Flag.RETRY_PERIOD),
            text(Flag.IDENTITY)),
        hostPort(Flag.LISTEN),
        text(Flag.AUTH_TOKEN_FILE) == null ? null : Path.of(text(Flag.AUTH_TOKEN_FILE)),
        logLevel());
  }

  /**
   * Case-insensitive, so the upstream helper's AWS_VPC_K8S_CNI_LOGLEVEL values (FATAL, ERROR, WARN,
   * INFO, DEBUG) keep working; FATAL is error, the most severe level slf4j has.
   */
  private String logLevel() throws ConfigException {
    Setting s = get(Flag.LOG_LEVEL);
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
    Setting s = get(Flag.AGENTS);
    List<InetSocketAddress> out = new ArrayList<>();
    for (String item : s.value().split(",", -1)) {
      if (!item.isBlank() || !s.value().isBlank()) {
        out.add(Values.hostPort(s.source(), item));
      }
    }
    return out;
  }

  private Set<SinkKind> sinks() throws ConfigException {
    Setting s = get(Flag.SINKS);
    if (isDefault(Flag.SINKS, s)) {
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
    return Optional.of(new Setting(String.join(",", sinks), "USE_CLOUDWATCH/USE_PROMETHEUS"));
  }

  /** {@code off} or a node count; each node is a handful of billed custom metrics. */
  private int perNodeGauges() throws ConfigException {
    Setting s = get(Flag.PER_NODE_GAUGES);
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
    Setting s = get(Flag.SUBNET_INTERVAL);
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
    Setting s = get(Flag.EXTRA_DIMENSIONS);
    List<ExtraDimension> out = new ArrayList<>();
    if (s.value().isBlank()) {
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
