package io.fraiseql.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * GraphiQL for browsers at {@code GET /graphql}: the page, GraphiQL's browser bundle and React,
 * all from the jar (vendored by {@code server/graphiql/update-assets.sh}; no CDN at run time),
 * under {@code /graphiql/}. The versioned files are cached for good by browsers; the page is sent
 * with a Content-Security-Policy that lets it load only from this server and talk only to it.
 */
final class GraphiQL {
  /** The vendored GraphiQL version: the folder of its files in the jar and in URLs. */
  static final String VERSION = "4.1.2";
  /** The URL prefix of the assets. */
  static final String ASSETS = "/graphiql/";

  private static final String RESOURCES = "fraiseql/graphiql/";
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
      + " form-action 'none'";

  private static final Set<String> HTML = Set.of("text/html");
  private static final Set<String> JSON_TYPES = Set.of(MediaTypes.JSON, MediaTypes.GRAPHQL_RESPONSE_JSON);

  /** An asset: its bytes and media type. */
  private record Asset(byte[] bytes, String contentType, boolean immutable) {}

  private final byte[] page;
  private final Map<String, Asset> assets = new LinkedHashMap<>();

  GraphiQL() {
    this.page = new String(read("index.html"), StandardCharsets.UTF_8).replace("@VERSION@", VERSION)
        .getBytes(StandardCharsets.UTF_8);
    for (String name : new String[] {"graphiql.min.js", "graphiql.min.css", "react.production.min.js",
        "react-dom.production.min.js"}) {
      assets.put(VERSION + "/" + name, new Asset(read(VERSION + "/" + name), type(name), true));
    }
    assets.put("fraiseql-graphiql.js", new Asset(read("fraiseql-graphiql.js"), type(".js"), false));
    assets.put("fraiseql-graphiql.css", new Asset(read("fraiseql-graphiql.css"), type(".css"), false));
  }

  /**
   * True when a {@code GET /graphql} comes from a browser navigating to it: the {@code Accept}
   * header lists {@code text/html} with a quality at least that of the JSON types (a GraphQL
   * client asks for JSON; a browser for HTML first).
   */
  static boolean wanted(String accept) {
    if (accept == null) {
      return false;
    }
    double html = MediaTypes.quality(accept, HTML);
    return html > 0 && html >= MediaTypes.quality(accept, JSON_TYPES);
  }

  /** The page. */
  void page(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Vary", "Accept")
        .end(Buffer.buffer(page));
  }

  /** {@code GET /graphiql/*}: an asset, or the JSON 404. */
  void asset(RoutingContext ctx) {
    String path = ctx.request().path();
    Asset asset = path.startsWith(ASSETS) ? assets.get(path.substring(ASSETS.length())) : null;
    if (asset == null) {
      ctx.next();
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
        .putHeader(HttpHeaders.CACHE_CONTROL, asset.immutable() ? "public, max-age=31536000, immutable" : "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(Buffer.buffer(asset.bytes()));
  }

  private static String type(String name) {
    return name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
  }

  private static byte[] read(String name) {
    try (InputStream in = GraphiQL.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCES + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
