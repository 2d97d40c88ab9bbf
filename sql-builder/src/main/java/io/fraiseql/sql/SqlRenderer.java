package io.fraiseql.sql;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.sql.internal.RenderContext;
import io.fraiseql.sql.internal.SelectRenderer;
import java.util.Objects;

/**
 * Renders query plans as PostgreSQL statements for one bind style.
 *
 * <p>Identifiers and JSONB keys come from the plan (that is, from the schema) and are always
 * quoted; every value is a bind parameter written as {@code CAST(? AS <type>)} (or {@code
 * CAST($n AS <type>)}), the type following the Java class of the value, so that every driver
 * infers the same parameter types. A list query renders as
 *
 * <pre>{@code
 * SELECT t."data" FROM "v_user" t WHERE (t."data"->>'age')::integer > CAST(? AS integer)
 *   ORDER BY t."created_at" DESC, t."id" ASC LIMIT CAST(? AS integer)
 * }</pre>
 *
 * <p>The order is always total: the source's id column is appended ascending as the last key.
 *
 * <p>Instances are immutable and thread-safe; build one per bind style and share it.
 */
public final class SqlRenderer {
  private final BindStyle bindStyle;

  /**
   * Creates a renderer.
   *
   * @param bindStyle how the target driver spells bind parameters
   */
  public SqlRenderer(BindStyle bindStyle) {
    this.bindStyle = Objects.requireNonNull(bindStyle, "bindStyle");
  }

  /** The bind style this renderer writes. */
  public BindStyle bindStyle() {
    return bindStyle;
  }

  /**
   * Renders the {@code SELECT} of one root query field: the source's data column, filtered by the
   * plan's {@code where}; for a list, ordered (with the id tie-breaker) and limited; for a single
   * row, selected by id.
   *
   * @param query the plan of the root field
   * @return the SQL text and its bind values, in order
   * @throws IllegalArgumentException if a value has a Java class with no bind type, an operator
   *     gets a value of the wrong shape, or an identifier is empty
   */
  public SqlStatement select(QueryDef query) {
    Objects.requireNonNull(query, "query");
    RenderContext ctx = new RenderContext(bindStyle);
    SelectRenderer.render(ctx, query);
    return ctx.toStatement(SelectRenderer.maxRows(query));
  }

  /**
   * Renders one page of a Relay connection: like {@link #select} for a list, but each row is
   * {@code [[<order key values>..., <id>], <data>]} so the engine can build the row's cursor.
   * The plan's limit is the page size plus one (the extra row tells whether there is more).
   */
  public SqlStatement selectPage(QueryDef query) {
    Objects.requireNonNull(query, "query");
    RenderContext ctx = new RenderContext(bindStyle);
    SelectRenderer.renderPage(ctx, query);
    return ctx.toStatement(SelectRenderer.maxRows(query));
  }

  /** Renders {@code SELECT to_json(count(*))} over the plan's source and filter. */
  public SqlStatement count(QueryDef query) {
    Objects.requireNonNull(query, "query");
    RenderContext ctx = new RenderContext(bindStyle);
    SelectRenderer.renderCount(ctx, query);
    return ctx.toStatement(1);
  }

  /**
   * Renders an aggregate or group field as one statement: one JSONB document per group (one in
   * all for an aggregate field) holding the selected aggregates and the group key. See
   * {@link io.fraiseql.sql.internal.AggregateRenderer} for the SQL.
   *
   * @throws IllegalArgumentException if the limit or offset is negative, or a value cannot be bound
   */
  public SqlStatement aggregate(io.fraiseql.api.plan.AggregateDef plan) {
    Objects.requireNonNull(plan, "plan");
    RenderContext ctx = new RenderContext(bindStyle);
    io.fraiseql.sql.internal.AggregateRenderer.render(ctx, plan);
    return ctx.toStatement(io.fraiseql.sql.internal.AggregateRenderer.maxRows(plan));
  }

  /** The DML of a generated mutation, returning the written row's id as JSON. */
  public SqlStatement mutation(io.fraiseql.api.plan.MutationDef.Dml m) {
    Objects.requireNonNull(m, "m");
    RenderContext ctx = new RenderContext(bindStyle);
    switch (m.kind()) {
      case INSERT -> io.fraiseql.sql.internal.MutationRenderer.insert(ctx, m);
      case UPDATE -> io.fraiseql.sql.internal.MutationRenderer.update(ctx, m);
      case DELETE -> io.fraiseql.sql.internal.MutationRenderer.delete(ctx, m);
    }
    return ctx.toStatement(1); // one row inserted, or the one row with that id
  }

  /** The call of a mutation function, returning its {@code mutation_response} as JSON. */
  public SqlStatement function(io.fraiseql.api.plan.MutationDef.FunctionCall f) {
    Objects.requireNonNull(f, "f");
    RenderContext ctx = new RenderContext(bindStyle);
    io.fraiseql.sql.internal.MutationRenderer.function(ctx, f);
    return ctx.toStatement(1); // one mutation_response
  }

  /**
   * {@code statement} (a query of one JSON column) with the id of the current transaction next to
   * each of its rows, {@code [value, "xid"]}: the value's JSON text verbatim, the id as a string. A
   * write learns its transaction id this way before it commits, at no extra round trip, so that a
   * commit whose answer was lost can be settled with {@link #transactionStatus}.
   */
  public SqlStatement withTransactionId(SqlStatement statement) {
    Objects.requireNonNull(statement, "statement");
    String sql = statement.sql().strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).stripTrailing();
    }
    return new SqlStatement("SELECT json_build_array(fraiseql_x.c, pg_current_xact_id()::text) FROM (" + sql
        + "\n) fraiseql_x(c)", statement.params(), statement.maxRows());
  }

  /**
   * {@code pg_xact_status} of a transaction id from {@link #withTransactionId}, as a JSON string:
   * {@code "committed"}, {@code "aborted"}, {@code "in progress"}, or {@code null} when too old.
   */
  public SqlStatement transactionStatus(String xid) {
    RenderContext ctx = new RenderContext(bindStyle);
    ctx.sql("SELECT to_json(pg_xact_status(CAST(").bind(xid).sql(" AS xid8)))");
    return ctx.toStatement(1);
  }

  @Override
  public String toString() {
    return "SqlRenderer[" + bindStyle + "]";
  }
}
