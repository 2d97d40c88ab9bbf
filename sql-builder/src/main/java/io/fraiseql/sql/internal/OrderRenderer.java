package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.ScalarKind;
import java.util.ArrayList;
import java.util.List;

/** Renders ORDER BY keys, always ending with the source's id column so the order is total. */
final class OrderRenderer {
  private OrderRenderer() {}

  /** Renders the keys after {@code ORDER BY}, with the id tie-breaker appended when needed. */
  static void render(RenderContext ctx, Source source, List<OrderKey> keys) {
    List<OrderKey> all = effective(source, keys);
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      OrderKey key = all.get(i);
      FieldRenderer.typed(ctx, source, key.field());
      ctx.sql(direction(key.direction()));
    }
  }

  /**
   * The requested keys followed by the source's id column ascending, unless the last key already
   * is the id column: the total order every statement and every cursor uses.
   */
  static List<OrderKey> effective(Source source, List<OrderKey> keys) {
    if (!keys.isEmpty() && isIdColumn(source, keys.get(keys.size() - 1).field())) {
      return keys;
    }
    List<OrderKey> all = new ArrayList<>(keys.size() + 1);
    all.addAll(keys);
    all.add(new OrderKey(
        FieldRef.column(source.idColumn(), source.idSqlType(), List.of(source.idColumn()), ScalarKind.ID),
        OrderKey.Direction.ASC));
    return all;
  }

  private static boolean isIdColumn(Source source, FieldRef field) {
    return field.isColumn() && field.column().equals(source.idColumn());
  }

  static String direction(OrderKey.Direction direction) {
    return switch (direction) {
      case ASC -> Keywords.ASC;
      case DESC -> Keywords.DESC;
      case ASC_NULLS_FIRST -> Keywords.ASC_NULLS_FIRST;
      case ASC_NULLS_LAST -> Keywords.ASC_NULLS_LAST;
      case DESC_NULLS_FIRST -> Keywords.DESC_NULLS_FIRST;
      case DESC_NULLS_LAST -> Keywords.DESC_NULLS_LAST;
    };
  }
}
