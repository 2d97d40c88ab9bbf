package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.Source;

/**
 * Renders the SELECT of one root query field:
 *
 * <pre>{@code
 * SELECT t."data" FROM "v_user" t WHERE <where> ORDER BY <keys>, t."id" ASC LIMIT <p> OFFSET <p>
 * SELECT t."data" FROM "v_user" t WHERE t."id" = <p> AND <where>          -- BY_ID
 * }</pre>
 */
public final class SelectRenderer {
  private SelectRenderer() {}

  /**
   * Writes the statement of {@code query} into {@code ctx}. For {@link QueryDef.Shape#BY_ID} the
   * order, limit and offset of the plan do not apply and are not rendered.
   *
   * @throws IllegalArgumentException if the limit or offset is negative, or a value cannot be bound
   */
  public static void render(RenderContext ctx, QueryDef query) {
    Source source = query.source();
    ctx.sql(Keywords.SELECT);
    FieldRenderer.column(ctx, source.dataColumn());
    ctx.sql(Keywords.FROM).qualifiedName(source.relation()).sql(' ').sql(Keywords.TABLE_ALIAS);

    if (query.shape() == QueryDef.Shape.BY_ID) {
      ctx.sql(Keywords.WHERE);
      FieldRenderer.column(ctx, source.idColumn());
      ctx.sql(Keywords.EQ).bind(query.idValue());
      if (query.where() != null) {
        // Every node renders as a comparison or a parenthesized group, which binds tighter than AND.
        ctx.sql(Keywords.AND);
        WhereRenderer.render(ctx, source, query.where());
      }
      return;
    }

    if (query.where() != null) {
      ctx.sql(Keywords.WHERE);
      WhereRenderer.render(ctx, source, query.where());
    }
    ctx.sql(Keywords.ORDER_BY);
    OrderRenderer.render(ctx, source, query.orderBy());
    if (query.limit() != null) {
      ctx.sql(Keywords.LIMIT).bind(nonNegative("limit", query.limit()));
    }
    if (query.offset() != null) {
      ctx.sql(Keywords.OFFSET).bind(nonNegative("offset", query.offset()));
    }
  }

  private static Integer nonNegative(String what, Integer value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value);
    }
    return value;
  }
}
