package io.fraiseql.api.plan;

/**
 * The scalar types the engine reads from JSONB and compares in SQL. Each kind knows the
 * PostgreSQL type its JSONB text is cast to when it is filtered or ordered.
 */
public enum ScalarKind {
  STRING("text"),
  INT("integer"),
  FLOAT("double precision"),
  BIG_DECIMAL("numeric"),
  BOOLEAN("boolean"),
  ID("text"),
  UUID("uuid"),
  DATE("date"),
  DATE_TIME("timestamptz"),
  JSON("jsonb"),
  ENUM("text");

  private final String sqlType;

  ScalarKind(String sqlType) {
    this.sqlType = sqlType;
  }

  /** The PostgreSQL type used to compare values of this kind. */
  public String sqlType() {
    return sqlType;
  }

  /** True when the value must always be written as a JSON string ({@code ID}). */
  public boolean forceString() {
    return this == ID;
  }
}
