package io.fraiseql.sql.internal;

import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.Source;
import java.util.List;

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

  /**
   * A page of a connection: each row is {@code [[<order keys...>, <id>], <data>]}, the first
   * element giving the cursor of the row.
   */
  public static void renderPage(RenderContext ctx, QueryDef query) {
    Source source = query.source();
    ctx.sql(Keywords.SELECT).sql("json_build_array(json_build_array(");
    List<OrderKey> keys = OrderRenderer.effective(source, query.orderBy());
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      FieldRenderer.typed(ctx, source, keys.get(i).field());
    }
    ctx.sql("), ");
    FieldRenderer.column(ctx, source.dataColumn());
    ctx.sql(')');
    fromWhere(ctx, query);
    ctx.sql(Keywords.ORDER_BY);
    OrderRenderer.render(ctx, source, query.orderBy());
    if (query.limit() != null) {
      ctx.sql(Keywords.LIMIT).bind(nonNegative("limit", query.limit()));
    }
  }

  /**
   * The most rows {@link #render} or {@link #renderPage} of {@code query} returns: 1 for a read
   * by id, the limit of a limited list, else {@link SqlStatement#UNBOUNDED}.
   */
  public static int maxRows(QueryDef query) {
    if (query.shape() == QueryDef.Shape.BY_ID) {
      return 1;
    }
    return query.limit() == null || query.limit() < 0 ? SqlStatement.UNBOUNDED : query.limit();
  }

  /** {@code SELECT to_json(count(*)) FROM ... WHERE ...}: the total of a connection. */
  public static void renderCount(RenderContext ctx, QueryDef query) {
    ctx.sql(Keywords.SELECT).sql("to_json(count(*))");
    fromWhere(ctx, query);
  }

  private static void fromWhere(RenderContext ctx, QueryDef query) {
    Source source = query.source();
    ctx.sql(Keywords.FROM).qualifiedName(source.relation()).sql(' ').sql(Keywords.TABLE_ALIAS);
    if (query.where() != null) {
      ctx.sql(Keywords.WHERE);
      WhereRenderer.render(ctx, source, query.where());
    }
  }

  static Integer nonNegative(String what, Integer value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value);
    }
    return value;
  }
}
