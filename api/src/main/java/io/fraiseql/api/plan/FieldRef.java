package io.fraiseql.api.plan;

import java.util.List;

/**
 * A reference to one value of a row, for filtering and ordering. Either a flat column of the
 * source (when the view exposes one with the field's snake_case name) or a path into the JSONB
 * document, cast to the declared type.
 *
 * @param column the flat column name, or {@code null} to use the JSONB path
 * @param columnSqlType the catalog type of the flat column, or {@code null}
 * @param jsonPath the snake_case keys from the document root to the value; never empty
 * @param kind the declared scalar kind (decides the cast and the bind type)
 */
public record FieldRef(String column, String columnSqlType, List<String> jsonPath, ScalarKind kind) {
  public FieldRef {
    jsonPath = List.copyOf(jsonPath);
    if (jsonPath.isEmpty()) {
      throw new IllegalArgumentException("jsonPath must not be empty");
    }
    if ((column == null) != (columnSqlType == null)) {
      throw new IllegalArgumentException("column and columnSqlType go together");
    }
  }

  /** A reference through the JSONB document only. */
  public static FieldRef json(List<String> path, ScalarKind kind) {
    return new FieldRef(null, null, path, kind);
  }

  /** A reference to a flat column of the source. */
  public static FieldRef column(String column, String sqlType, List<String> path, ScalarKind kind) {
    return new FieldRef(column, sqlType, path, kind);
  }

  public boolean isColumn() {
    return column != null;
  }
}
