package io.fraiseql.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a backend sets at the start of every transaction of one request: the {@code app.*}
 * settings, with {@code set_config(name, value, true)}, so views, functions and row-level
 * security policies can read them; and optionally the database role the transaction runs under
 * (transaction-local, like {@code SET LOCAL ROLE}). Render the prelude with
 * {@code io.fraiseql.sql.SessionSql#prelude(BindStyle, long, SessionSettings)}: a backend that
 * sets only {@link #values()} would run a request with a role as the login role.
 */
public final class SessionSettings {
  private static final SessionSettings EMPTY = new SessionSettings(Map.of(), null);

  private final Map<String, String> values;
  private final String role;

  private SessionSettings(Map<String, String> values, String role) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.role = role;
  }

  public static SessionSettings empty() {
    return EMPTY;
  }

  /** Settings in the given order; names must be qualified ({@code app.tenant_id}). */
  public static SessionSettings of(Map<String, String> values) {
    return of(values, null);
  }

  /**
   * Settings in the given order, and the role every transaction of the request runs under
   * ({@code null}: the connection's own role).
   *
   * @throws IllegalArgumentException for an unqualified name, or an empty role
   */
  public static SessionSettings of(Map<String, String> values, String role) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
      if (e.getKey().indexOf('.') <= 0) {
        throw new IllegalArgumentException(
            "Session variable names must be qualified like app.tenant_id: " + e.getKey());
      }
    }
    if (role != null && role.isEmpty()) {
      throw new IllegalArgumentException("A session role must not be empty");
    }
    return values.isEmpty() && role == null ? EMPTY : new SessionSettings(values, role);
  }

  /** Name to value, in insertion order. */
  public Map<String, String> values() {
    return values;
  }

  /** The role the request's transactions run under, or {@code null} for the connection's own. */
  public String role() {
    return role;
  }

  /** True when there is nothing to set: no variables and no role. */
  public boolean isEmpty() {
    return values.isEmpty() && role == null;
  }

  @Override
  public String toString() {
    return "SessionSettings" + values.keySet() + (role == null ? "" : " role " + role);
  }
}
