package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import java.util.List;
import java.util.Objects;

/**
 * Renders the SQL expression of a {@link FieldRef}: a flat column of the source as is, or a path
 * into the source's JSONB data column.
 */
final class FieldRenderer {
  private static final String TEXT = "text";

  private FieldRenderer() {}

  /**
   * The value with its declared type, for comparisons and ordering: the flat column as is, or
   * {@code (t."data"->'a'->>'b')::<kind type>} (no cast for text kinds; {@code ->} for the last
   * key, giving {@code jsonb}, for {@link ScalarKind#JSON}).
   */
  static void typed(RenderContext ctx, Source source, FieldRef field) {
    if (field.isColumn()) {
      column(ctx, field.column());
      return;
    }
    ScalarKind kind = Objects.requireNonNull(field.kind(), "kind of a JSONB field reference");
    if (kind == ScalarKind.JSON) {
      path(ctx, source, field.jsonPath(), false);
    } else if (TEXT.equals(kind.sqlType())) {
      path(ctx, source, field.jsonPath(), true);
    } else {
      ctx.sql('(');
      path(ctx, source, field.jsonPath(), true);
      ctx.sql(')').sql(Keywords.TYPE_CAST).sql(kind.sqlType());
    }
  }

  /**
   * The value as text, for string operators and null tests: the flat column as is, or {@code
   * t."data"->'a'->>'b'}, which is NULL both for an absent key and for a JSON null.
   */
  static void text(RenderContext ctx, Source source, FieldRef field) {
    if (field.isColumn()) {
      column(ctx, field.column());
    } else {
      path(ctx, source, field.jsonPath(), true);
    }
  }

  /** {@code t."column"}. */
  static void column(RenderContext ctx, String column) {
    if (ctx.jsonBase() != null) {
      throw new IllegalArgumentException("flat column " + column + " referenced inside a list element");
    }
    ctx.sql(Keywords.TABLE_ALIAS).sql('.').identifier(column);
  }

  /** The value as jsonb: the flat column as is, or {@code t."data"->'a'->'b'}. */
  static void jsonb(RenderContext ctx, Source source, FieldRef field) {
    if (field.isColumn()) {
      column(ctx, field.column());
    } else {
      path(ctx, source, field.jsonPath(), false);
    }
  }

  private static void path(
      RenderContext ctx, Source source, List<String> keys, boolean lastAsText) {
    if (ctx.jsonBase() != null) {
      ctx.sql(ctx.jsonBase());
    } else {
      column(ctx, source.dataColumn());
    }
    int last = keys.size() - 1;
    for (int i = 0; i < last; i++) {
      ctx.sql(Keywords.JSON_GET).literal(keys.get(i));
    }
    ctx.sql(lastAsText ? Keywords.JSON_GET_TEXT : Keywords.JSON_GET).literal(keys.get(last));
  }
}
