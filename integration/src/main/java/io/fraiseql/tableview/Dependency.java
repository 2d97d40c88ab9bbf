package io.fraiseql.tableview;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How changed rows of one table map to the ids of the documents they affect, as declared with
 * {@code --depends [VIEW/]TABLE:MAPPING} (or as inferred, printed in the same syntax):
 *
 * <ul>
 *   <li>{@code tb_comment:post_id} — a column of the changed row holds the document id;
 *   <li>{@code tb_user:id=tb_comment.author_id/post_id} — a path: rows of {@code tb_comment}
 *       whose {@code author_id} equals the changed row's {@code id}, then their {@code post_id}
 *       (any number of {@code column=table.column} hops separated by {@code /}, then the column
 *       holding the document id);
 *   <li>{@code 'tb_tag:SELECT pt.post_id FROM tb_post_tag pt JOIN changed c ON c.id = pt.tag_id'} —
 *       a query returning the document ids, reading the changed rows (old and new) from the
 *       relation {@code changed};
 *   <li>{@code tb_setting:all} — any change to the table refreshes every document.
 * </ul>
 *
 * {@code VIEW/} scopes the declaration to one of several {@code --view}s; with a single view it
 * may be left out.
 */
public record Dependency(String view, String table, Mapping mapping) {
  public Dependency {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(mapping, "mapping");
  }

  /** A mapping from changed rows to document ids. */
  public sealed interface Mapping permits Path, Query, All {
    /** The mapping in the {@code --depends} syntax (after the {@code TABLE:}). */
    String text();
  }

  /** Zero or more hops, then the column that holds the document id. */
  public record Path(List<Hop> hops, String column) implements Mapping {
    public Path {
      hops = List.copyOf(hops);
      Objects.requireNonNull(column, "column");
    }

    @Override
    public String text() {
      StringBuilder sb = new StringBuilder();
      for (Hop h : hops) {
        sb.append(h.column()).append('=').append(h.table()).append('.').append(h.targetColumn()).append('/');
      }
      return sb.append(column).toString();
    }
  }

  /** From the current rows, the rows of {@code table} whose {@code targetColumn} equals {@code column}. */
  public record Hop(String column, String table, String targetColumn) {
    public Hop {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(targetColumn, "targetColumn");
    }
  }

  /** A query over the relation {@code changed} returning one column: the affected document ids. */
  public record Query(String sql) implements Mapping {
    public Query {
      Objects.requireNonNull(sql, "sql");
    }

    @Override
    public String text() {
      return sql;
    }
  }

  /** Every document: a change to the table refreshes the whole table view. */
  public record All() implements Mapping {
    @Override
    public String text() {
      return "all";
    }
  }

  /** The declaration as written on the command line. */
  public String text() {
    return (view == null ? "" : view + "/") + table + ":" + mapping.text();
  }

  /** The accepted forms, for error messages and help. */
  public static final String SYNTAX = "[VIEW/]TABLE:COLUMN, [VIEW/]TABLE:COLUMN=TABLE2.COLUMN2/.../COLUMN,"
      + " [VIEW/]TABLE:SELECT ... FROM changed ..., or [VIEW/]TABLE:all";

  /**
   * Parses {@code [VIEW/]TABLE:MAPPING}.
   *
   * @throws IllegalArgumentException naming what is wrong and the accepted forms
   */
  public static Dependency parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw bad(spec, "expected TABLE:MAPPING");
    }
    String target = spec.substring(0, colon).strip();
    String mapping = spec.substring(colon + 1).strip();
    String view = null;
    int slash = target.indexOf('/');
    if (slash >= 0) {
      view = target.substring(0, slash).strip();
      target = target.substring(slash + 1).strip();
      if (view.isEmpty()) {
        throw bad(spec, "the view before '/' is empty");
      }
    }
    if (target.isEmpty()) {
      throw bad(spec, "the table is empty");
    }
    return new Dependency(view, target, mapping(spec, mapping));
  }

  private static Mapping mapping(String spec, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("all")) {
      return new All();
    }
    if (lower.matches("(?s)(select|with)\\b.*")) {
      return new Query(text);
    }
    String[] segments = text.split("/", -1);
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < segments.length - 1; i++) {
      String seg = segments[i].strip();
      int eq = seg.indexOf('=');
      int dot = seg.lastIndexOf('.');
      if (eq <= 0 || dot <= eq + 1 || dot == seg.length() - 1) {
        throw bad(spec, "'" + seg + "' is not a hop COLUMN=TABLE.COLUMN");
      }
      hops.add(new Hop(name(spec, seg.substring(0, eq)), name(spec, seg.substring(eq + 1, dot)),
          name(spec, seg.substring(dot + 1))));
    }
    return new Path(hops, name(spec, segments[segments.length - 1]));
  }

  private static String name(String spec, String s) {
    String n = s.strip();
    if (n.isEmpty() || !n.matches("[^\\s=/:]+")) {
      throw bad(spec, "'" + s + "' is not a name");
    }
    return n;
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("--depends " + spec + ": " + why + "; the forms are " + SYNTAX);
  }
}
