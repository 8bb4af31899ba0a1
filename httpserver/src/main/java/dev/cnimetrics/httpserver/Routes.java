package dev.cnimetrics.httpserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Exact paths to answers. A path not listed is 404; a method other than GET or HEAD is 405 with
 * {@code Allow: GET, HEAD} — the programs' READMEs promise both.
 */
public final class Routes {

  /** Where an answer is computed. */
  public enum Dispatch {
    /**
     * On the selector thread, at once: for answers that only read a value kept in memory (probes,
     * the cached report). They answer even while every worker is busy.
     */
    INLINE,
    /** On a bounded worker pool; a full pool answers 503 at once (load is shed, never queued). */
    POOLED
  }

  record Route(Dispatch dispatch, Function<Request, Response> handler) {}

  private final Map<String, Route> routes = new LinkedHashMap<>();

  public Routes inline(String path, Function<Request, Response> handler) {
    return add(path, new Route(Dispatch.INLINE, handler));
  }

  public Routes pooled(String path, Function<Request, Response> handler) {
    return add(path, new Route(Dispatch.POOLED, handler));
  }

  private Routes add(String path, Route route) {
    if (routes.putIfAbsent(path, route) != null) {
      throw new IllegalArgumentException("path registered twice: " + path);
    }
    return this;
  }

  /** The route for a request, or the inline error answer when there is none. */
  Route route(Request request) {
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return new Route(
          Dispatch.INLINE,
          r ->
              Response.text(405, "method " + method + " not allowed, use GET\n")
                  .with("Allow", "GET, HEAD"));
    }
    return Optional.ofNullable(routes.get(request.path()))
        .orElse(
            new Route(Dispatch.INLINE, r -> Response.text(404, "not found: " + r.path() + "\n")));
  }
}
