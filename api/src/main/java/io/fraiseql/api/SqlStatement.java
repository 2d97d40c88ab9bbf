package io.fraiseql.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Rendered SQL text and its bind values, in order. The text never contains a request value: every
 * value is a bind parameter. {@link #toString()} omits the values so logs never carry user data.
 */
public final class SqlStatement {
  private final String sql;
  private final List<Object> params;
  private final int maxRows;

  /** A statement with no known bound on its rows. */
  public SqlStatement(String sql, List<?> params) {
    this(sql, params, UNBOUNDED);
  }

  /**
   * A statement that returns at most {@code maxRows} rows.
   *
   * @param maxRows the bound, or {@link #UNBOUNDED}
   * @throws IllegalArgumentException if {@code maxRows} is below -1
   */
  public SqlStatement(String sql, List<?> params, int maxRows) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.params = Collections.unmodifiableList(new ArrayList<>(params));
    if (maxRows < UNBOUNDED) {
      throw new IllegalArgumentException("maxRows must be -1 (unbounded) or at least 0: " + maxRows);
    }
    this.maxRows = maxRows;
  }

  /** {@link #maxRows()} of a statement whose row count has no known bound. */
  public static final int UNBOUNDED = -1;

  public String sql() {
    return sql;
  }

  /** Bind values; may contain {@code null}. */
  public List<Object> params() {
    return params;
  }

  /**
   * The most rows the statement returns as its renderer knows it (its {@code LIMIT}, or 1 for a
   * read by id), or {@link #UNBOUNDED}. A backend may read a statement with a small bound in one
   * round trip, buffering its rows, instead of streaming it through a cursor in a transaction; it
   * must still hand over every row the database sends.
   */
  public int maxRows() {
    return maxRows;
  }

  /** Whether the statement is known to return at most {@code rows} rows. */
  public boolean boundedBy(int rows) {
    return maxRows != UNBOUNDED && maxRows <= rows;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SqlStatement other && sql.equals(other.sql) && params.equals(other.params)
        && maxRows == other.maxRows;
  }

  @Override
  public int hashCode() {
    return (sql.hashCode() * 31 + params.hashCode()) * 31 + maxRows;
  }

  @Override
  public String toString() {
    return "SqlStatement[" + sql + ", " + params.size() + " params"
        + (maxRows == UNBOUNDED ? "" : ", at most " + maxRows + " rows") + "]";
  }
}
