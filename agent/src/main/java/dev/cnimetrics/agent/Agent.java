package dev.cnimetrics.agent;

import dev.cnimetrics.agent.cli.CoreOptions.Once;
import dev.cnimetrics.agent.cli.ListenAddress;
import dev.cnimetrics.agent.collect.RefreshLoop;
import dev.cnimetrics.agent.collect.RefreshLoop.Slot;
import dev.cnimetrics.agent.http.AgentHttpServer;
import dev.cnimetrics.agent.http.AgentRoutes;
import dev.cnimetrics.agent.imds.ImdsClient;
import dev.cnimetrics.agent.imds.InstanceMetadataReader;
import dev.cnimetrics.agent.imds.InterfacesCollector;
import dev.cnimetrics.agent.imds.InterfacesSnapshot;
import dev.cnimetrics.agent.ipamd.IpamdCollector;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.metrics.AgentMetrics;
import dev.cnimetrics.agent.shim.ShimCollector;
import dev.cnimetrics.httpserver.BearerToken;
import dev.cnimetrics.netns.NetnsException;
import dev.cnimetrics.report.Instance;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the collectors from the flags, registers them in the one refresh
 * loop, and serves their snapshots over HTTP (daemon) or prints them once ({@code --once}). A new
 * source is one more {@code loop.add(...)} in {@link #compose}; /metrics and /readyz pick it up.
 */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final Parts parts;
  private final AgentHttpServer server;
  private final CountDownLatch closed = new CountDownLatch(1);

  private Agent(Parts parts, AgentHttpServer server) {
    this.parts = parts;
    this.server = server;
  }

  /** The collectors and what serves them; {@code resources} are closed after the loop stops. */
  private record Parts(
      RefreshLoop loop,
      ReportView report,
      PrometheusRegistry registry,
      List<AutoCloseable> resources) {

    void close() {
      loop.close();
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception e) {
          log.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }

  private static Parts compose(AgentConfig config, Clock clock) throws StartupException {
    List<AutoCloseable> resources = new ArrayList<>();
    RefreshLoop loop = new RefreshLoop();
    Slot<IpamdSnapshot> ipamd = loop.add("ipamd", IpamdCollector.from(config.ipamd(), clock));
    if (config.shim().enabled()) {
      ShimCollector shim;
      try {
        shim = ShimCollector.open(config.shim(), config.core().nodeName(), clock);
      } catch (NetnsException e) {
        throw new StartupException(e.getMessage());
      }
      resources.add(shim);
      loop.add("shim", shim);
    } else {
      log.info("pod interface shim disabled (--cri-endpoint=none)");
    }
    Optional<Instance> instance = InstanceMetadataReader.readOnce(config.imds());
    Optional<Slot<InterfacesSnapshot>> interfaces = Optional.empty();
    // Only where IMDS answered at start: elsewhere (not EC2) one WARN line has said so already.
    if (instance.isPresent()) {
      interfaces =
          Optional.of(
              loop.add(
                  "enis",
                  new InterfacesCollector(
                      new ImdsClient(config.imds().endpoint()),
                      () ->
                          ipamd
                              .latest()
                              .map(s -> s.values().assignedPerEni().keySet())
                              .orElse(Set.of()),
                      clock)));
    }
    ReportView report = new ReportView(config.core().nodeName(), ipamd, instance, interfaces);
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new AgentMetrics(BuildInfo.version(), loop));
    return new Parts(loop, report, registry, resources);
  }

  /** Collects every source once and prints the report JSON or the exposition to {@code out}. */
  public static void printOnce(AgentConfig config, Once once, OutputStream out)
      throws IOException, StartupException {
    Parts parts = compose(config, Clock.systemUTC());
    try {
      parts.loop().refreshAllOnce();
      if (once == Once.REPORT) {
        String json = parts.report().currentJson().orElseThrow();
        out.write(json.getBytes(StandardCharsets.UTF_8));
      } else {
        PrometheusTextFormatWriter.create()
            .write(out, parts.registry().scrape(), EscapingScheme.DEFAULT);
      }
      out.flush();
    } finally {
      parts.close();
    }
  }

  /** Starts the HTTP server, then the refresh loop; /readyz answers 503 until its first round. */
  public static Agent start(AgentConfig config) throws StartupException {
    Optional<BearerToken> token = Optional.empty();
    if (config.core().authTokenFile().isPresent()) {
      try {
        BearerToken required =
            BearerToken.fromFile("--auth-token-file", config.core().authTokenFile().get());
        config
            .core()
            .authAcceptTokenFile()
            .ifPresent(file -> required.alsoAccepting("--auth-accept-token-file", file));
        token = Optional.of(required);
      } catch (BearerToken.InvalidTokenFile e) {
        throw new StartupException(e.getMessage());
      }
    }
    Parts parts = compose(config, Clock.systemUTC());
    AgentHttpServer server;
    try {
      server =
          AgentHttpServer.start(
              config.core().listen(),
              parts.registry(),
              AgentRoutes.of(parts.registry(), parts.report(), parts.loop()::pending, token));
    } catch (IOException | RuntimeException e) {
      parts.close();
      throw new StartupException(
          "--listen " + config.core().listen() + ": cannot listen: " + e.getMessage());
    }
    parts.loop().start(config.core().refreshInterval());
    // The bound address, not the flag: with port 0 this is how a caller learns the port.
    log.info(
        "agent started version={} node={} listen={} auth={}",
        BuildInfo.version(),
        config.core().nodeName(),
        new ListenAddress(config.core().listen().host(), server.port()),
        token.isPresent() ? "bearer-token" : "none");
    return new Agent(parts, server);
  }

  public int port() {
    return server.port();
  }

  /** Blocks until {@link #close} ran (e.g. from the shutdown hook on SIGTERM). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public synchronized void close() {
    if (closed.getCount() == 0) {
      return;
    }
    server.close();
    parts.close();
    log.info("agent stopped");
    closed.countDown();
  }
}
