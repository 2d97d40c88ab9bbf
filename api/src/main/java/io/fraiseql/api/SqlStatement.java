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

  public SqlStatement(String sql, List<?> params) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  public String sql() {
    return sql;
  }

  /** Bind values; may contain {@code null}. */
  public List<Object> params() {
    return params;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SqlStatement other && sql.equals(other.sql) && params.equals(other.params);
  }

  @Override
  public int hashCode() {
    return sql.hashCode() * 31 + params.hashCode();
  }

  @Override
  public String toString() {
    return "SqlStatement[" + sql + ", " + params.size() + " params]";
  }
}
