package io.fraiseql.tableview;

import java.util.Objects;

/**
 * A table view to build: the source view and, optionally, the table's name ({@code --view v_post}
 * or {@code --view v_post=tv_post_v2}). Without a name the table is {@code tv_<rest>} for a view
 * named {@code v_<rest>} (else {@code tv_<view>}), in the view's schema. Names are written as in
 * SQL: unquoted parts are folded to lower case, {@code "Quoted"} parts kept.
 */
public record TableViewTarget(String view, String table) {
  public TableViewTarget {
    Objects.requireNonNull(view, "view");
    if (view.isBlank()) {
      throw new IllegalArgumentException("the view name is empty");
    }
    if (table != null && table.isBlank()) {
      throw new IllegalArgumentException("the table name after '=' is empty");
    }
  }

  /** {@code VIEW} or {@code VIEW=TABLE}. */
  public static TableViewTarget parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    int eq = spec.indexOf('=');
    if (eq < 0) {
      return new TableViewTarget(spec.strip(), null);
    }
    return new TableViewTarget(spec.substring(0, eq).strip(), spec.substring(eq + 1).strip());
  }

  /** The default table name for a view's (unqualified) name. */
  static String defaultTableName(String viewName) {
    return viewName.startsWith("v_") ? "t" + viewName : "tv_" + viewName;
  }
}
