package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.MutationDef;
import java.util.List;
import java.util.Map;

/**
 * Renders mutation statements. Every value is a bind parameter cast to its column's catalog type
 * (so an ID string lands in a uuid column, an enum name in an enum column); lists and objects
 * are bound once as JSON text. The DML returns the written row's id as JSON. A mutation of a plan
 * template holds {@link io.fraiseql.api.plan.Parameter}s among its values (and inside a function's
 * input): they render as bind parameters like any value, JSON text as a derived parameter.
 */
public final class MutationRenderer {
  private MutationRenderer() {}

  /** {@code INSERT INTO t (cols) VALUES (...) RETURNING to_json("id")}. */
  public static void insert(RenderContext ctx, MutationDef.Dml m) {
    ctx.sql("INSERT INTO ").qualifiedName(m.table());
    if (m.values().isEmpty()) {
      ctx.sql(" DEFAULT VALUES");
    } else {
      ctx.sql(" (");
      int i = 0;
      for (String column : m.values().keySet()) {
        if (i++ > 0) {
          ctx.sql(Keywords.LIST_SEPARATOR);
        }
        ctx.identifier(column);
      }
      ctx.sql(") VALUES (");
      i = 0;
      for (MutationDef.ColumnValue v : m.values().values()) {
        if (i++ > 0) {
          ctx.sql(Keywords.LIST_SEPARATOR);
        }
        value(ctx, v);
      }
      ctx.sql(')');
    }
    returningId(ctx, m);
  }

  /**
   * {@code UPDATE t SET c = ... WHERE id = ... RETURNING to_json("id")}; with no fields to set,
   * {@code SELECT to_json("id") FROM t WHERE id = ... FOR UPDATE} (the row must still exist).
   */
  public static void update(RenderContext ctx, MutationDef.Dml m) {
    if (m.values().isEmpty()) {
      ctx.sql(Keywords.SELECT).sql("to_json(").identifier(m.idColumn()).sql(')')
          .sql(Keywords.FROM).qualifiedName(m.table());
      whereId(ctx, m);
      ctx.sql(" FOR UPDATE");
      return;
    }
    ctx.sql("UPDATE ").qualifiedName(m.table()).sql(" SET ");
    int i = 0;
    for (Map.Entry<String, MutationDef.ColumnValue> e : m.values().entrySet()) {
      if (i++ > 0) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      ctx.identifier(e.getKey()).sql(Keywords.EQ);
      value(ctx, e.getValue());
    }
    whereId(ctx, m);
    returningId(ctx, m);
  }

  /** {@code DELETE FROM t WHERE id = ... RETURNING to_json("id")}. */
  public static void delete(RenderContext ctx, MutationDef.Dml m) {
    ctx.sql("DELETE FROM ").qualifiedName(m.table());
    whereId(ctx, m);
    returningId(ctx, m);
  }

  /**
   * {@code SELECT to_json(r) FROM fn(CAST(... AS jsonb)) AS r}: the function's
   * {@code mutation_response} row as one JSON object.
   */
  public static void function(RenderContext ctx, MutationDef.FunctionCall f) {
    ctx.sql(Keywords.SELECT).sql("to_json(r)").sql(Keywords.FROM);
    if (f.schema() != null) {
      ctx.identifier(f.schema()).sql('.');
    }
    ctx.identifier(f.name()).sql('(').sql(Keywords.CAST).bind(JsonText.bindValue(f.input())).sql(Keywords.AS).sql("jsonb)) AS r");
  }

  private static void whereId(RenderContext ctx, MutationDef.Dml m) {
    ctx.sql(Keywords.WHERE).identifier(m.idColumn()).sql(Keywords.EQ);
    ctx.sql(Keywords.CAST).bind(m.idValue()).sql(Keywords.AS).sql(m.idSqlType()).sql(')');
  }

  private static void returningId(RenderContext ctx, MutationDef.Dml m) {
    ctx.sql(" RETURNING to_json(").identifier(m.idColumn()).sql(')');
  }

  private static void value(RenderContext ctx, MutationDef.ColumnValue v) {
    Object value = v.value();
    String type = v.sqlType();
    if (value == null) {
      ctx.sql(Keywords.CAST).sql("NULL").sql(Keywords.AS).sql(type).sql(')');
    } else if (JsonText.structured(value)) { // a parameter's value has its sample's class
      if (type.endsWith("[]")) {
        ctx.sql(Keywords.CAST).sql("ARRAY(SELECT jsonb_array_elements_text(").sql(Keywords.CAST)
            .bind(JsonText.bindValue(value)).sql(Keywords.AS).sql("jsonb)))").sql(Keywords.AS).sql(type).sql(')');
      } else {
        ctx.sql(Keywords.CAST).sql(Keywords.CAST).bind(JsonText.bindValue(value)).sql(Keywords.AS).sql("jsonb)")
            .sql(Keywords.AS).sql(type).sql(')');
      }
    } else {
      ctx.sql(Keywords.CAST).bind(value).sql(Keywords.AS).sql(type).sql(')');
    }
  }
}
