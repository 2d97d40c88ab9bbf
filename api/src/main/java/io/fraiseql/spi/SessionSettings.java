package io.fraiseql.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code app.*} settings a backend sets with {@code set_config(name, value, true)} at the
 * start of every transaction, so views, functions and row-level security policies can read them.
 */
public final class SessionSettings {
  private static final SessionSettings EMPTY = new SessionSettings(Map.of());

  private final Map<String, String> values;

  private SessionSettings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static SessionSettings empty() {
    return EMPTY;
  }

  /** Settings in the given order; names must be qualified ({@code app.tenant_id}). */
  public static SessionSettings of(Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
      if (e.getKey().indexOf('.') <= 0) {
        throw new IllegalArgumentException(
            "Session variable names must be qualified like app.tenant_id: " + e.getKey());
      }
    }
    return values.isEmpty() ? EMPTY : new SessionSettings(values);
  }

  /** Name to value, in insertion order. */
  public Map<String, String> values() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return "SessionSettings" + values.keySet();
  }
}
