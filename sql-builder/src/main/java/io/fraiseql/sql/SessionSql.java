package io.fraiseql.sql;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.sql.internal.RenderContext;
import java.util.Map;

/**
 * The statement every backend runs first in each transaction: the statement timeout, UTC as the
 * time zone (so PostgreSQL renders timestamps the same whatever the server's setting), the
 * request's {@code app.*} session variables and its role, all with {@code set_config(..., true)}
 * so they end with the transaction. Names and values are bind parameters.
 */
public final class SessionSql {
  private SessionSql() {}

  /** One {@code SELECT set_config(...), ...} statement. */
  public static SqlStatement prelude(
      BindStyle style, long statementTimeoutMillis, Map<String, String> settings) {
    return prelude(style, statementTimeoutMillis, settings, null);
  }

  /** The prelude of a request's settings: its variables, then its role when it has one. */
  public static SqlStatement prelude(BindStyle style, long statementTimeoutMillis, SessionSettings settings) {
    return prelude(style, statementTimeoutMillis, settings.values(), settings.role());
  }

  /**
   * One {@code SELECT set_config(...), ...} statement; with a role, the last call is
   * {@code set_config('role', $n, true)}: PostgreSQL's own {@code SET LOCAL ROLE}, with the name
   * as a bind value instead of a quoted identifier (the same setting, checked the same way: an
   * unknown role fails with 22023, one the login role may not use with 42501). It comes last, so
   * the other settings are made as the login role.
   */
  public static SqlStatement prelude(
      BindStyle style, long statementTimeoutMillis, Map<String, String> settings, String role) {
    RenderContext ctx = new RenderContext(style);
    ctx.sql("SELECT set_config('statement_timeout', ").bind(Long.toString(statementTimeoutMillis));
    ctx.sql(", true), set_config('TimeZone', 'UTC', true)");
    for (Map.Entry<String, String> e : settings.entrySet()) {
      ctx.sql(", set_config(").bind(e.getKey()).sql(", ").bind(e.getValue()).sql(", true)");
    }
    if (role != null) {
      ctx.sql(", set_config('role', ").bind(role).sql(", true)");
    }
    return ctx.toStatement();
  }

  /**
   * {@code BEGIN} and the prelude of a transaction without session variables, as one text of
   * constant statements (no bind values: the timeout is the engine's own setting, a number), for a
   * simple query that opens the transaction and sets the timeout and UTC in one round trip. What a
   * backend behind a transaction pooler runs where a direct connection needs nothing at all.
   */
  public static String beginWithDefaults(long statementTimeoutMillis) {
    if (statementTimeoutMillis < 0) {
      throw new IllegalArgumentException("statementTimeoutMillis must not be negative");
    }
    return "BEGIN; SET LOCAL statement_timeout = " + statementTimeoutMillis + "; SET LOCAL TimeZone = 'UTC'";
  }
}
