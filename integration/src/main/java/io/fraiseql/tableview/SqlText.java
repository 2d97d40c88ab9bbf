package io.fraiseql.tableview;

import io.fraiseql.api.BindStyle;
import io.fraiseql.sql.internal.RenderContext;

/**
 * Identifiers and literals in the generated DDL, quoted by the engine's one quoting function
 * ({@link RenderContext#identifier}, {@link RenderContext#literal}): the script names only
 * catalog objects and never holds a value from a request.
 */
final class SqlText {
  private SqlText() {}

  /** {@code "name"}, every {@code "} doubled. */
  static String ident(String name) {
    return new RenderContext(BindStyle.DOLLAR_NUMBERED).identifier(name).toStatement().sql();
  }

  /** {@code "schema"."name"}. */
  static String qualified(String schema, String name) {
    return ident(schema) + "." + ident(name);
  }

  /** {@code 'text'}, every {@code '} doubled. */
  static String literal(String text) {
    return new RenderContext(BindStyle.DOLLAR_NUMBERED).literal(text).toStatement().sql();
  }
}
