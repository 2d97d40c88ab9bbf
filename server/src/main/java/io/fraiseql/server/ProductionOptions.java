package io.fraiseql.server;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The server's production features, validated once by {@link Cli} and immutable: bearer tokens
 * and the role they carry, GraphiQL, CORS, metrics and the log format.
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
 */
public record ProductionOptions(
    JwtOptions jwt,
    String defaultRole,
    boolean graphiql,
    List<String> corsOrigins,
    boolean corsCredentials,
    boolean metrics,
    LogFormat logFormat) {

  /** Everything off except metrics; text logs. */
  public static final ProductionOptions DEFAULTS =
      new ProductionOptions(null, null, false, List.of(), false, true, LogFormat.TEXT);

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
    return new ProductionOptions(jwt, defaultRole, on, corsOrigins, corsCredentials, metrics, logFormat);
  }

  /** True when requests run under a role: from a token claim or the default role. */
  public boolean roles() {
    return defaultRole != null || (jwt != null && jwt.roleClaim() != null);
  }
}
