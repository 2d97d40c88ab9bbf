package io.fraiseql.sql.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL type each bind value is cast to, chosen by the value's Java class, so that every
 * driver sends and the server infers the same parameter type.
 */
public final class BindTypes {
  // Lookup only; iteration order is never observed.
  private static final Map<Class<?>, String> TYPES =
      Map.of(
          String.class, "text",
          Integer.class, "integer",
          Long.class, "bigint",
          Double.class, "double precision",
          BigDecimal.class, "numeric",
          Boolean.class, "boolean",
          UUID.class, "uuid",
          LocalDate.class, "date",
          OffsetDateTime.class, "timestamptz");

  private BindTypes() {}

  /**
   * The PostgreSQL type a bind value of this class is cast to.
   *
   * @throws IllegalArgumentException if the value is {@code null} or its class has no bind type
   */
  public static String sqlTypeOf(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("bind value must not be null");
    }
    String type = TYPES.get(value.getClass());
    if (type == null) {
      throw new IllegalArgumentException(
          "no SQL bind type for values of class " + value.getClass().getName());
    }
    return type;
  }
}
