package io.fraiseql.server;

import io.fraiseql.api.error.ErrorCode;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin requests as the Fetch standard has them, for the origins of {@code --cors-origin}.
 * A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from an allowed origin
 * is answered 204 with the allowed methods, the requested headers and a max-age; other requests
 * from an allowed origin get {@code Access-Control-Allow-Origin} (and {@code -Credentials} when
 * allowed) on their answer. With {@code *} and no credentials the origin is {@code *}; otherwise
 * the request's origin is echoed, and every answer says {@code Vary: Origin} so caches keep one
 * answer per origin.
 * Requests from other origins get no CORS headers (the browser then withholds the answer; same-
 * origin pages such as GraphiQL keep working); their preflights are 403.
 */
final class Cors {
  static final String METHODS = "GET, POST, OPTIONS";
  /** How long a browser may reuse a preflight's answer (Chromium caps it at 2 hours). */
  static final int MAX_AGE_SECONDS = 7200;
  /** Header names a preflight may ask for: tokens, comma-separated (RFC 9110). */
  private static final Pattern HEADER_LIST = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*,\\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*");
  private static final Set<String> ALLOWED_METHODS = Set.of("GET", "POST", "OPTIONS", "HEAD");

  private final Set<String> origins;
  private final boolean any;
  private final boolean credentials;

  Cors(List<String> origins, boolean credentials) {
    this.origins = Set.copyOf(origins);
    this.any = origins.contains("*");
    this.credentials = credentials;
  }

  void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    MultiMap headers = ctx.request().headers();
    boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
        && headers.contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
    HttpServerResponse response = ctx.response();
    if (!any || credentials) {
      response.headers().add(HttpHeaders.VARY, "Origin"); // the answer's CORS headers depend on it
    }
    if (origin == null) {
      ctx.next();
      return;
    }
    if (!allowed(origin)) {
      if (preflight) {
        response.setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.withCharset(MediaTypes.JSON))
            .end(GraphQLHandler.errorBody("The origin " + printable(origin) + " may not call this server",
                ErrorCode.BAD_USER_INPUT));
      } else {
        ctx.next();
      }
      return;
    }
    allowOrigin(response, origin);
    if (!preflight) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, RequestLog.REQUEST_ID_HEADER);
      ctx.next();
      return;
    }
    String method = headers.get(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD).trim().toUpperCase(Locale.ROOT);
    String requested = headers.get(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    response.headers().add(HttpHeaders.VARY, "Access-Control-Request-Method, Access-Control-Request-Headers");
    if (!ALLOWED_METHODS.contains(method) || (requested != null && !requested.isBlank()
        && !HEADER_LIST.matcher(requested.trim()).matches())) {
      response.setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.withCharset(MediaTypes.JSON))
          .end(GraphQLHandler.errorBody("The preflight asks for a method or headers this server does not take",
              ErrorCode.BAD_USER_INPUT));
      return;
    }
    response.setStatusCode(204)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Integer.toString(MAX_AGE_SECONDS));
    if (requested != null && !requested.isBlank()) {
      // the headers the page wants to send (Content-Type, Authorization, session-variable headers)
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested.trim());
    }
    response.end();
  }

  private boolean allowed(String origin) {
    return any || origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  private void allowOrigin(HttpServerResponse response, String origin) {
    if (any && !credentials) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
      return;
    }
    response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    if (credentials) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
  }

  private static String printable(String origin) {
    String cut = origin.length() > 100 ? origin.substring(0, 100) : origin;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
