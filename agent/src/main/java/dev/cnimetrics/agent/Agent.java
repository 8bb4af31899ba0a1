package dev.cnimetrics.agent;

import dev.cnimetrics.agent.cli.CoreOptions.Once;
import dev.cnimetrics.agent.collect.RefreshLoop;
import dev.cnimetrics.agent.collect.RefreshLoop.Slot;
import dev.cnimetrics.agent.http.AgentHttpServer;
import dev.cnimetrics.agent.http.AgentRoutes;
import dev.cnimetrics.agent.imds.InstanceMetadata;
import dev.cnimetrics.agent.imds.InstanceMetadataReader;
import dev.cnimetrics.agent.ipamd.IpamdCollector;
import dev.cnimetrics.agent.ipamd.IpamdSnapshot;
import dev.cnimetrics.agent.metrics.AgentMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
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

  private final RefreshLoop loop;
  private final AgentHttpServer server;
  private final CountDownLatch closed = new CountDownLatch(1);

  private Agent(RefreshLoop loop, AgentHttpServer server) {
    this.loop = loop;
    this.server = server;
  }

  private record Parts(RefreshLoop loop, ReportView report, PrometheusRegistry registry) {}

  private static Parts compose(AgentConfig config, Clock clock) {
    Optional<InstanceMetadata> instance = InstanceMetadataReader.readOnce(config.imds());
    RefreshLoop loop = new RefreshLoop();
    Slot<IpamdSnapshot> ipamd = loop.add("ipamd", IpamdCollector.from(config.ipamd(), clock));
    ReportView report = new ReportView(config.core().nodeName(), ipamd, instance);
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new AgentMetrics(BuildInfo.version(), loop));
    return new Parts(loop, report, registry);
  }

  /** Collects every source once and prints the report JSON or the exposition to {@code out}. */
  public static void printOnce(AgentConfig config, Once once, OutputStream out) throws IOException {
    Parts parts = compose(config, Clock.systemUTC());
    parts.loop().refreshAllOnce();
    if (once == Once.REPORT) {
      String json = parts.report().currentJson().orElseThrow();
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } else {
      PrometheusTextFormatWriter.create()
          .write(out, parts.registry().scrape(), EscapingScheme.DEFAULT);
    }
    out.flush();
  }

  /** Starts the HTTP server, then the refresh loop; /readyz answers 503 until its first round. */
  public static Agent start(AgentConfig config) throws StartupException {
    Parts parts = compose(config, Clock.systemUTC());
    AgentRoutes routes = new AgentRoutes(parts.report(), parts.loop()::pending);
    AgentHttpServer server;
    try {
      server = AgentHttpServer.start(config.core().listen(), parts.registry(), routes);
    } catch (IOException | RuntimeException e) {
      throw new StartupException(
          "--listen " + config.core().listen() + ": cannot listen: " + e.getMessage());
    }
    parts.loop().start(config.core().refreshInterval());
    log.info(
        "agent started version={} node={} listen={} port={}",
        BuildInfo.version(),
        config.core().nodeName(),
        config.core().listen(),
        server.port());
    return new Agent(parts.loop(), server);
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
    loop.close();
    log.info("agent stopped");
    closed.countDown();
  }
}
