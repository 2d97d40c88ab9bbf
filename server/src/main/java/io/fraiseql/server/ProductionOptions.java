package io.fraiseql.server;

import io.fraiseql.http.PersistedQueries;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The server's production features, validated once by {@link Cli} and immutable: bearer tokens
 * and the role they carry, GraphiQL, CORS, metrics, the log format and persisted queries.
 *
 * @param jwt how bearer tokens are verified, or {@code null} when the server takes none
 * @param defaultRole the database role of requests whose token carries no role (and of requests
 *     without a token), or {@code null} for the connection's own role
 * @param graphiql serve GraphiQL at {@code GET /graphql} to browsers
 * @param corsOrigins origins allowed to call the server from a browser ({@code *}: any); empty
 *     turns CORS off
 * @param corsCredentials allow credentialed cross-origin requests (cookies, Authorization)
 * @param metrics serve {@code GET /metrics}
 * @param logFormat the format of log lines
 * @param persisted persisted queries: documents loaded at startup, APQ, or only those
 */
public record ProductionOptions(
    JwtOptions jwt,
    String defaultRole,
    boolean graphiql,
    List<String> corsOrigins,
    boolean corsCredentials,
    boolean metrics,
    LogFormat logFormat,
    Persisted persisted) {

  /** Everything off except metrics; text logs. */
  public static final ProductionOptions DEFAULTS =
      new ProductionOptions(null, null, false, List.of(), false, true, LogFormat.TEXT, Persisted.DEFAULTS);

  /**
   * Persisted queries.
   *
   * @param directory the {@code *.graphql} files loaded (and planned) at startup, or {@code null}
   * @param only run nothing but those documents
   * @param apqCacheSize documents kept from clients' automatic persisted queries (0: none)
   */
  public record Persisted(Path directory, boolean only, int apqCacheSize) {
    /** No documents ahead; APQ with the default cache. */
    public static final Persisted DEFAULTS = new Persisted(null, false, PersistedQueries.DEFAULT_APQ_CACHE_SIZE);

    public Persisted {
      if (only && directory == null) {
        throw new IllegalArgumentException("persisted queries only needs the directory of the persisted queries");
      }
      if (apqCacheSize < 0) {
        throw new IllegalArgumentException("the APQ cache size must not be negative");
      }
    }
  }

  /** The production options with the default persisted-query settings. */
  public ProductionOptions(JwtOptions jwt, String defaultRole, boolean graphiql, List<String> corsOrigins,
      boolean corsCredentials, boolean metrics, LogFormat logFormat) {
    this(jwt, defaultRole, graphiql, corsOrigins, corsCredentials, metrics, logFormat, Persisted.DEFAULTS);
  }

  /** How log lines are written. */
  public enum LogFormat {
    /** One human-readable line per event. */
    TEXT,
    /** One JSON object per line, with the request id and the access log's fields as keys. */
    JSON;

    static LogFormat parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default -> throw new IllegalArgumentException("expected json or text, got '" + text + "'");
      };
    }
  }

  public ProductionOptions {
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(persisted, "persisted");
    corsOrigins = List.copyOf(corsOrigins);
    if (corsCredentials && corsOrigins.contains("*")) {
      throw new IllegalArgumentException(
          "CORS with credentials needs the allowed origins listed: browsers refuse '*' with credentials");
    }
    if (defaultRole != null && defaultRole.isBlank()) {
      throw new IllegalArgumentException("the default role must not be empty");
    }
  }

  /** A copy with GraphiQL switched on or off. */
  public ProductionOptions withGraphiql(boolean on) {
    return new ProductionOptions(jwt, defaultRole, on, corsOrigins, corsCredentials, metrics, logFormat, persisted);
  }

  /** True when requests run under a role: from a token claim or the default role. */
  public boolean roles() {
    return defaultRole != null || (jwt != null && jwt.roleClaim() != null);
  }
}
