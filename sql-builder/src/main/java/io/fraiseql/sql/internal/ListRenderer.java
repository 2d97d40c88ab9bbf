package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.Parameter;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;

/**
 * Renders conditions on lists and JSON values with PostgreSQL's jsonb and array operators
 * ({@code @>}, {@code <@}, {@code &&}, {@code ?|}, {@code ?&}), which GIN indexes serve. Values
 * are bound once as JSON text and converted in SQL, so every driver binds the same way.
 *
 * <p>A JSON {@code null} is a null value like an absent key. The plain operators answer false for
 * it ({@code 'null'::jsonb @> '["a"]'}); inside a {@code NOT} the operand is therefore made SQL
 * NULL first ({@code NULLIF(x, 'null')}, or NULL for anything but an array when a list is
 * expected), so that the negation stays unknown instead of becoming true.
 */
final class ListRenderer {
  private ListRenderer() {}

  static void list(RenderContext ctx, Source source, Where.ListCompare c) {
    FieldRef f = c.field();
    boolean flat = f.isColumn() && f.columnSqlType().endsWith("[]");
    switch (c.op()) {
      case CONTAINS, CONTAINED_BY, OVERLAPS -> {
        Object json = json(c.value());
        if (flat) {
          FieldRenderer.column(ctx, f.column());
          ctx.sql(c.op() == Where.ListOp.CONTAINS ? " @> " : c.op() == Where.ListOp.CONTAINED_BY ? " <@ " : " && ");
          ctx.sql("CAST(ARRAY(SELECT jsonb_array_elements_text(");
          jsonParam(ctx, json);
          ctx.sql(")) AS ").sql(f.columnSqlType()).sql(')');
        } else if (c.op() == Where.ListOp.OVERLAPS) {
          boolean exact = ctx.negated();
          if (exact) {
            // EXISTS is never unknown: answer NULL when there is no list at all
            ctx.sql("(CASE WHEN jsonb_typeof(");
            FieldRenderer.jsonb(ctx, source, f);
            ctx.sql(") = 'array' THEN ");
          }
          ctx.sql("EXISTS (SELECT 1 FROM jsonb_array_elements(");
          jsonParam(ctx, json);
          ctx.sql(") AS x(v) WHERE ");
          FieldRenderer.jsonb(ctx, source, f);
          ctx.sql(" @> jsonb_build_array(x.v))");
          if (exact) {
            ctx.sql(" END)");
          }
        } else {
          if (ctx.negated()) {
            arrayOnly(ctx, source, f);
          } else {
            FieldRenderer.jsonb(ctx, source, f);
          }
          ctx.sql(c.op() == Where.ListOp.CONTAINS ? " @> " : " <@ ");
          jsonParam(ctx, json);
        }
      }
      default -> {
        if (flat) {
          ctx.sql("cardinality(");
          FieldRenderer.column(ctx, f.column());
          ctx.sql(')');
        } else {
          ctx.sql("jsonb_array_length(");
          arrayOnly(ctx, source, f);
          ctx.sql(')');
        }
        ctx.sql(switch (c.op()) {
          case LEN_EQ -> Keywords.EQ;
          case LEN_GT -> Keywords.GT;
          case LEN_GTE -> Keywords.GTE;
          case LEN_LT -> Keywords.LT;
          default -> Keywords.LTE;
        }).bind(c.value());
      }
    }
  }

  static void json(RenderContext ctx, Source source, Where.JsonCompare c) {
    if (ctx.negated()) {
      ctx.sql("NULLIF(");
      FieldRenderer.jsonb(ctx, source, c.field());
      ctx.sql(", 'null'::jsonb)");
    } else {
      FieldRenderer.jsonb(ctx, source, c.field());
    }
    switch (c.op()) {
      case EQ -> {
        ctx.sql(Keywords.EQ);
        jsonParam(ctx, json(c.value()));
      }
      case CONTAINS -> {
        ctx.sql(" @> ");
        jsonParam(ctx, json(c.value()));
      }
      case CONTAINED_BY -> {
        ctx.sql(" <@ ");
        jsonParam(ctx, json(c.value()));
      }
      case HAS_KEY -> ctx.questionOperator("?").bind(c.value());
      case HAS_ANY_KEYS, HAS_ALL_KEYS -> {
        ctx.questionOperator(c.op() == Where.JsonOp.HAS_ANY_KEYS ? "?|" : "?&");
        ctx.sql("CAST(ARRAY(SELECT jsonb_array_elements_text(");
        jsonParam(ctx, json(c.value()));
        ctx.sql(")) AS text[])");
      }
    }
  }

  /**
   * {@code some}: an element matches; {@code none}: no element matches; {@code every}: no element
   * fails to match (a condition that is unknown for an element counts as not matching).
   */
  static void quantified(RenderContext ctx, Source source, Where.Quantified q) {
    if (q.quantifier() != Where.Quantifier.SOME) {
      ctx.sql(Keywords.NOT);
    }
    String alias = ctx.newAlias();
    ctx.sql("EXISTS (SELECT 1 FROM jsonb_array_elements(");
    arrayOnly(ctx, source, q.list());
    ctx.sql(") AS ").sql(alias).sql("(v) WHERE ");
    String previous = ctx.enterElement(alias);
    int negations = ctx.enterSubquery();
    try {
      if (q.quantifier() == Where.Quantifier.EVERY) {
        ctx.sql('(');
        WhereRenderer.render(ctx, source, q.condition());
        ctx.sql(") IS NOT TRUE");
      } else {
        WhereRenderer.render(ctx, source, q.condition());
      }
    } finally {
      ctx.restoreNegations(negations);
      ctx.leave(previous);
    }
    ctx.sql(')');
  }

  /** The jsonb value when it is an array, else NULL (so scalars and objects count as no list). */
  private static void arrayOnly(RenderContext ctx, Source source, FieldRef f) {
    ctx.sql("CASE WHEN jsonb_typeof(");
    FieldRenderer.jsonb(ctx, source, f);
    ctx.sql(") = 'array' THEN ");
    FieldRenderer.jsonb(ctx, source, f);
    ctx.sql(" END");
  }

  /** The JSON text of a value, bound once; of a parameter, per request. */
  private static Object json(Object value) {
    return Parameter.map(value, JsonText::of);
  }

  private static void jsonParam(RenderContext ctx, Object json) {
    ctx.sql(Keywords.CAST).bind(json).sql(Keywords.AS).sql("jsonb)");
  }
}
