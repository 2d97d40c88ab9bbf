package io.fraiseql.sql.internal;

import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.AggregateDef.Aggregate;
import io.fraiseql.api.plan.AggregateDef.Condition;
import io.fraiseql.api.plan.AggregateDef.GroupKey;
import io.fraiseql.api.plan.AggregateDef.Measure;
import io.fraiseql.api.plan.AggregateDef.Term;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders an aggregate or group field as one statement whose rows are JSONB documents:
 *
 * <pre>{@code
 * SELECT jsonb_build_object('count', count(*), 'sum', jsonb_build_object('price', sum(...)),
 *                           'key', jsonb_build_object('genre', t."genre"))
 * FROM "v_book" t WHERE <where>
 * GROUP BY t."genre" HAVING count(*) >= <p>
 * ORDER BY count(*) DESC, t."genre" ASC NULLS LAST LIMIT <p> OFFSET <p>
 * }</pre>
 *
 * <p>Values are read with the field's SQL type: a flat column of the source when the plan names
 * one (cast when its catalog type differs: {@code double precision} for {@code Float},
 * {@code numeric} for {@code BigDecimal}, {@code timestamptz} for {@code DateTime}), otherwise the
 * typed JSONB path. Sums of integers stay integers, averages of {@code Int} are cast to
 * {@code double precision}, averages of {@code numeric} stay numeric. The documents are
 * {@code jsonb}, so a number renders as it does when stored in a JSONB document (a {@code Float}
 * minimum looks exactly like that row's value in a list). Time buckets are {@code date_trunc} in
 * UTC (weeks start on Monday); their units are constants, never bind parameters, so the GROUP BY,
 * select list and ORDER BY expressions are identical and PostgreSQL matches them.
 */
public final class AggregateRenderer {
  /** {@code jsonb_build_object} takes at most 100 arguments: larger objects are concatenated. */
  static final int MAX_PAIRS = 50;

  private static final String UTC = "UTC";

  private AggregateRenderer() {}

  /** Writes the statement of {@code plan} into {@code ctx}. */
  public static void render(RenderContext ctx, AggregateDef plan) {
    Source source = plan.source();
    ctx.sql(Keywords.SELECT);
    document(ctx, plan);
    ctx.sql(Keywords.FROM).qualifiedName(source.relation()).sql(' ').sql(Keywords.TABLE_ALIAS);
    if (plan.where() != null) {
      ctx.sql(Keywords.WHERE);
      WhereRenderer.render(ctx, source, plan.where());
    }
    if (!plan.grouped()) {
      return;
    }
    List<GroupKey> keys = plan.groupBy();
    ctx.sql(Keywords.GROUP_BY);
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      key(ctx, source, keys.get(i));
    }
    if (!plan.having().isEmpty()) {
      ctx.sql(Keywords.HAVING);
      for (int i = 0; i < plan.having().size(); i++) {
        if (i > 0) {
          ctx.sql(Keywords.AND);
        }
        condition(ctx, source, plan.having().get(i));
      }
    }
    ctx.sql(Keywords.ORDER_BY);
    boolean[] ordered = new boolean[keys.size()];
    boolean first = true;
    for (Term term : plan.orderBy()) {
      if (!first) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      first = false;
      if (term.value() instanceof AggregateDef.Key k) {
        key(ctx, source, keys.get(k.index()));
        ordered[k.index()] = true;
      } else {
        aggregate(ctx, source, (Aggregate) term.value());
      }
      ctx.sql(OrderRenderer.direction(term.direction()));
    }
    // the keys, ascending with nulls last, make the order total: groups are unique by key
    for (int i = 0; i < keys.size(); i++) {
      if (ordered[i]) {
        continue;
      }
      if (!first) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      first = false;
      key(ctx, source, keys.get(i));
      ctx.sql(Keywords.ASC_NULLS_LAST);
    }
    if (plan.limit() != null) {
      ctx.sql(Keywords.LIMIT).bind(SelectRenderer.nonNegative("limit", plan.limit()));
    }
    if (plan.offset() != null) {
      ctx.sql(Keywords.OFFSET).bind(SelectRenderer.nonNegative("offset", plan.offset()));
    }
  }

  /** The most rows the statement returns: 1 for an aggregate, the limit of groups, or unbounded. */
  public static int maxRows(AggregateDef plan) {
    if (!plan.grouped()) {
      return 1;
    }
    return plan.limit() == null || plan.limit() < 0 ? SqlStatement.UNBOUNDED : plan.limit();
  }

  // ------------------------------------------------------------------------------ document

  /** One key and its value expression of a JSON object being built. */
  private record Pair(String key, Runnable value) {}

  private static void document(RenderContext ctx, AggregateDef plan) {
    Source source = plan.source();
    List<Pair> top = new ArrayList<>();
    for (AggregateDef.Function function : AggregateDef.Function.values()) {
      List<Pair> members = new ArrayList<>();
      for (Measure m : plan.measures()) {
        if (m.aggregate().function() == function) {
          members.add(new Pair(m.jsonKey(), () -> aggregate(ctx, source, m.aggregate())));
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      if (function == AggregateDef.Function.COUNT) {
        top.add(members.get(0));
      } else {
        top.add(new Pair(function.name().toLowerCase(Locale.ROOT), () -> object(ctx, members)));
      }
    }
    if (plan.keySelected()) {
      List<Pair> members = new ArrayList<>();
      for (GroupKey k : plan.groupBy()) {
        members.add(new Pair(k.jsonKey(), () -> key(ctx, source, k)));
      }
      top.add(new Pair("key", () -> object(ctx, members)));
    }
    object(ctx, top);
  }

  /** {@code jsonb_build_object(k1, v1, ...)}, concatenated with {@code ||} beyond 50 pairs. */
  private static void object(RenderContext ctx, List<Pair> pairs) {
    int chunks = Math.max(1, (pairs.size() + MAX_PAIRS - 1) / MAX_PAIRS);
    if (chunks > 1) {
      ctx.sql('(');
    }
    for (int c = 0; c < chunks; c++) {
      if (c > 0) {
        ctx.sql(" || ");
      }
      ctx.sql("jsonb_build_object(");
      int end = Math.min(pairs.size(), (c + 1) * MAX_PAIRS);
      for (int i = c * MAX_PAIRS; i < end; i++) {
        if (i > c * MAX_PAIRS) {
          ctx.sql(Keywords.LIST_SEPARATOR);
        }
        ctx.literal(pairs.get(i).key()).sql(Keywords.LIST_SEPARATOR);
        pairs.get(i).value().run();
      }
      ctx.sql(')');
    }
    if (chunks > 1) {
      ctx.sql(')');
    }
  }

  // ------------------------------------------------------------------------------ values

  /** An aggregate: {@code count(*)}, {@code sum(v)}, {@code CAST(avg(v) AS double precision)}... */
  static void aggregate(RenderContext ctx, Source source, Aggregate a) {
    switch (a.function()) {
      case COUNT -> ctx.sql("count(*)");
      case AVG -> {
        boolean toFloat = a.field().kind() == ScalarKind.INT;
        if (toFloat) {
          ctx.sql(Keywords.CAST);
        }
        ctx.sql("avg(");
        value(ctx, source, a.field());
        ctx.sql(')');
        if (toFloat) {
          ctx.sql(Keywords.AS).sql(ScalarKind.FLOAT.sqlType()).sql(')');
        }
      }
      default -> {
        ctx.sql(a.function().name().toLowerCase(Locale.ROOT)).sql('(');
        value(ctx, source, a.field());
        ctx.sql(')');
      }
    }
  }

  /** A group key: the value, truncated to its time bucket when it has one. */
  static void key(RenderContext ctx, Source source, GroupKey key) {
    if (key.bucket() == null) {
      value(ctx, source, key.field());
      return;
    }
    String unit = key.bucket().name().toLowerCase(Locale.ROOT);
    if (key.field().kind() == ScalarKind.DATE) {
      // date_trunc(text, date) would go through timestamptz in the session's zone: use timestamp
      ctx.sql(Keywords.CAST).sql("date_trunc(").literal(unit).sql(Keywords.LIST_SEPARATOR).sql(Keywords.CAST);
      value(ctx, source, key.field());
      ctx.sql(Keywords.AS).sql("timestamp))").sql(Keywords.AS).sql("date)");
    } else {
      ctx.sql("date_trunc(").literal(unit).sql(Keywords.LIST_SEPARATOR);
      value(ctx, source, key.field());
      ctx.sql(Keywords.LIST_SEPARATOR).literal(UTC).sql(')');
    }
  }

  /**
   * The field's value with its declared SQL type: the typed JSONB path, or the flat column, cast
   * when the column's type is not the kind's own ({@code numeric} column of a {@code Float}...).
   */
  static void value(RenderContext ctx, Source source, FieldRef field) {
    if (!field.isColumn() || !needsCast(field.kind(), field.columnSqlType())) {
      FieldRenderer.typed(ctx, source, field);
      return;
    }
    ctx.sql(Keywords.CAST);
    FieldRenderer.column(ctx, field.column());
    ctx.sql(Keywords.AS).sql(field.kind().sqlType()).sql(')');
  }

  static boolean needsCast(ScalarKind kind, String columnType) {
    String t = columnType.toLowerCase(Locale.ROOT);
    return switch (kind) {
      case FLOAT -> !t.equals("double precision");
      case BIG_DECIMAL -> !t.startsWith("numeric");
      case DATE_TIME -> !t.equals("timestamp with time zone") && !t.equals("timestamptz");
      default -> false;
    };
  }

  private static void condition(RenderContext ctx, Source source, Condition c) {
    aggregate(ctx, source, c.aggregate());
    ctx.sql(switch (c.op()) {
      case EQ -> Keywords.EQ;
      case NEQ -> Keywords.NEQ;
      case GT -> Keywords.GT;
      case GTE -> Keywords.GTE;
      case LT -> Keywords.LT;
      default -> Keywords.LTE;
    }).bind(c.value());
  }
}
