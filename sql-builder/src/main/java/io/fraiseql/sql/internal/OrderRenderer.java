package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.Source;
import java.util.List;

/** Renders ORDER BY keys, always ending with the source's id column so the order is total. */
final class OrderRenderer {
  private OrderRenderer() {}

  /** Renders the keys after {@code ORDER BY}, with the id tie-breaker appended when needed. */
  static void render(RenderContext ctx, Source source, List<OrderKey> keys) {
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      OrderKey key = keys.get(i);
      FieldRenderer.typed(ctx, source, key.field());
      ctx.sql(direction(key.direction()));
    }
    if (keys.isEmpty() || !isIdColumn(source, keys.get(keys.size() - 1).field())) {
      if (!keys.isEmpty()) {
        ctx.sql(Keywords.LIST_SEPARATOR);
      }
      FieldRenderer.column(ctx, source.idColumn());
      ctx.sql(Keywords.ASC);
    }
  }

  private static boolean isIdColumn(Source source, FieldRef field) {
    return field.isColumn() && field.column().equals(source.idColumn());
  }

  private static String direction(OrderKey.Direction direction) {
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
