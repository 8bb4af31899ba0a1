package dev.cnimetrics.httpserver;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /metrics} from a registry through client_java's {@link PrometheusScrapeHandler} — the same
 * content negotiation (text, OpenMetrics, protobuf), gzip and {@code name[]} filter as its {@code
 * HTTPServer} — with the answer buffered so the selector thread writes it.
 */
public final class MetricsRoute {
  private MetricsRoute() {}

  public static Function<Request, Response> of(PrometheusRegistry registry) {
    PrometheusScrapeHandler handler =
        new PrometheusScrapeHandler(PrometheusProperties.get(), registry);
    return request -> {
      Exchange exchange = new Exchange(request);
      try {
        handler.handleRequest(exchange);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return exchange.response();
    };
  }

  private static final class Exchange
      implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
    private final Request request;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 500;

    Exchange(Request request) {
      this.request = request;
    }

    Response response() {
      return new Response(status, headers, body.toByteArray());
    }

    @Override
    public PrometheusHttpRequest getRequest() {
      return this;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
      return this;
    }

    @Override
    public String getQueryString() {
      return request.query();
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return Collections.enumeration(request.header(name));
    }

    // HEAD is answered as GET; the server leaves the body out.
    @Override
    public String getMethod() {
      return "GET";
    }

    @Override
    public String getRequestPath() {
      return request.path();
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
      status = statusCode;
      return body;
    }

    @Override
    public void handleException(IOException e) throws IOException {
      throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
      throw e;
    }

    @Override
    public void close() {}
  }
}
