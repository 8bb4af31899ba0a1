package dev.cnimetrics.httpserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Exact paths to answers. A path not listed is 404; a method other than GET or HEAD is 405 with
 * {@code Allow: GET, HEAD} — the programs' READMEs promise both. Routes added through {@link
 * #guardedBy} answer 401 to a request without the bearer token.
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

  /**
   * @param token null: open to every client
   * @param unauthorized this is the 401 answer of a guarded route (counted as shed)
   */
  record Route(
      Dispatch dispatch,
      Function<Request, Response> handler,
      BearerToken token,
      boolean unauthorized) {
    Route(Dispatch dispatch, Function<Request, Response> handler) {
      this(dispatch, handler, null, false);
    }
  }

  private final Map<String, Route> routes;
  private final BearerToken token;

  public Routes() {
    this(new LinkedHashMap<>(), null);
  }

  private Routes(Map<String, Route> routes, BearerToken token) {
    this.routes = routes;
    this.token = token;
  }

  /**
   * A view of these routes whose {@code inline}/{@code pooled} add routes that need {@code token}
   * (checked on the selector thread, before any worker is used); with no token they are open, so
   * callers wire an optional check in one place.
   */
  public Routes guardedBy(Optional<BearerToken> token) {
    return new Routes(routes, token.orElse(null));
  }

  public Routes inline(String path, Function<Request, Response> handler) {
    return add(path, new Route(Dispatch.INLINE, handler, token, false));
  }

  public Routes pooled(String path, Function<Request, Response> handler) {
    return add(path, new Route(Dispatch.POOLED, handler, token, false));
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
    Route route = routes.get(request.path());
    if (route == null) {
      return new Route(Dispatch.INLINE, r -> Response.text(404, "not found: " + r.path() + "\n"));
    }
    if (route.token() == null) {
      return route;
    }
    return route
        .token()
        .refusal(request)
        .map(
            why ->
                new Route(
                    Dispatch.INLINE,
                    r ->
                        Response.text(401, why + "\n")
                            .with("WWW-Authenticate", "Bearer realm=\"cni-metrics\""),
                    null,
                    true))
        .orElse(route);
  }
}
