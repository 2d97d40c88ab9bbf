package io.fraiseql.sql;

import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import java.util.Arrays;
import java.util.List;

/** Small builders of plans for tests. */
final class Plans {
  static final Selection.ObjectSelection SELECTION =
      new Selection.ObjectSelection("Item", List.of());

  private Plans() {}

  static QueryDef list(
      Source source, Where where, List<OrderKey> orderBy, Integer limit, Integer offset) {
    return new QueryDef(
        "items", source, QueryDef.Shape.LIST, SELECTION, where, orderBy, limit, offset, null,
        true, true);
  }

  static QueryDef list(Source source, Where where) {
    return list(source, where, List.of(), null, null);
  }

  static QueryDef byId(Source source, Object id, Where where) {
    return new QueryDef(
        "item", source, QueryDef.Shape.BY_ID, SELECTION, where, List.of(), null, null, id, false,
        false);
  }

  /** A JSONB path reference: {@code json(INT, "author", "age")}. */
  static FieldRef json(ScalarKind kind, String... path) {
    return FieldRef.json(Arrays.asList(path), kind);
  }

  /** A flat column reference. */
  static FieldRef column(String column, String sqlType, ScalarKind kind) {
    return FieldRef.column(column, sqlType, List.of(column), kind);
  }

  static Where.Compare cmp(FieldRef field, Where.Op op, Object value) {
    return new Where.Compare(field, op, value);
  }

  static Where.And and(Where... children) {
    return new Where.And(List.of(children));
  }

  static Where.Or or(Where... children) {
    return new Where.Or(List.of(children));
  }

  static Where.Not not(Where child) {
    return new Where.Not(child);
  }

  static Where.IsNull isNull(FieldRef field, boolean isNull) {
    return new Where.IsNull(field, isNull);
  }

  static OrderKey key(FieldRef field, OrderKey.Direction direction) {
    return new OrderKey(field, direction);
  }
}
