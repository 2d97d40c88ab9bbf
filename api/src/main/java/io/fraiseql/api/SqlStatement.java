package io.fraiseql.api;

import io.fraiseql.api.plan.Parameter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Rendered SQL text and its bind values, in order. The text never contains a request value: every
 * value is a bind parameter. {@link #toString()} omits the values so logs never carry user data.
 *
 * <p>A statement rendered from a plan template holds {@link Parameter}s among its bind values
 * ({@link #parameterized()}); {@link #bind(Object[])} gives the statement of one request. Only
 * statements without parameters are handed to a backend.
 */
public final class SqlStatement {
  private final String sql;
  private final List<Object> params;
  private final int maxRows;
  private final boolean parameterized;
  /** Whether some parameter is derived (its value computed per request, once, when bound). */
  private final boolean derived;

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
    boolean any = false;
    boolean derivedAny = false;
    for (Object p : this.params) {
      any |= p instanceof Parameter;
      derivedAny |= p instanceof Parameter parameter && parameter.derived();
    }
    this.parameterized = any;
    this.derived = derivedAny;
  }

  private SqlStatement(String sql, AbstractList<Object> params, int maxRows) {
    this.sql = sql;
    this.params = params;
    this.maxRows = maxRows;
    this.parameterized = false;
    this.derived = false;
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

  /** Whether some bind value is a {@link Parameter}, to be replaced by {@link #bind(Object[])}. */
  public boolean parameterized() {
    return parameterized;
  }

  /**
   * This statement for one request: every {@link Parameter} among the bind values replaced by its
   * {@linkplain Parameter#valueIn value} in {@code values}; the text and the row bound stay. A
   * statement without parameters returns itself.
   *
   * @param values the values the planner extracted from the request, by parameter index
   */
  public SqlStatement bind(Object[] values) {
    if (!parameterized) {
      return this;
    }
    if (!derived) {
      return new SqlStatement(sql, new Bound(params, values), maxRows); // a view: values are read as they are
    }
    Object[] bound = new Object[params.size()];
    for (int i = 0; i < bound.length; i++) {
      Object p = params.get(i);
      bound[i] = p instanceof Parameter parameter ? parameter.valueIn(values) : p;
    }
    return new SqlStatement(sql, new Values(bound), maxRows);
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

  /**
   * The bind values of a statement bound to a request without derived parameters: a read-only
   * view of the template's values and the request's, each parameter read where it stands.
   */
  private static final class Bound extends AbstractList<Object> implements RandomAccess {
    private final List<Object> template;
    private final Object[] values;

    Bound(List<Object> template, Object[] values) {
      this.template = template;
      this.values = values;
    }

    @Override
    public Object get(int index) {
      Object p = template.get(index);
      return p instanceof Parameter parameter ? parameter.valueIn(values) : p;
    }

    @Override
    public int size() {
      return template.size();
    }
  }

  /** The bind values of a bound statement: a read-only view of an array no one else holds. */
  private static final class Values extends AbstractList<Object> implements RandomAccess {
    private final Object[] values;

    Values(Object[] values) {
      this.values = values;
    }

    @Override
    public Object get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }
}
