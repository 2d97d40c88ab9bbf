package io.fraiseql.api;

/** How a driver spells bind parameters. */
public enum BindStyle {
  /** {@code ?} (JDBC). */
  QUESTION_MARK,
  /** {@code $1, $2, ...} (PostgreSQL wire protocol: Vert.x, R2DBC). */
  DOLLAR_NUMBERED
}
