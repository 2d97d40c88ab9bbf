package io.fraiseql.tableview;

import java.util.List;
import java.util.Objects;

/**
 * A generated table view: the view it copies, the table (as people write it, and quoted for SQL),
 * a sentence saying which rows are the documents, notes (a join the triggers make without an
 * index, for instance), how each table the view reads maps its
 * changed rows to documents, and the statements that build it (drop and re-create the table and
 * its triggers, fill it, index it). Run the statements in one transaction, after {@link
 * TableViews#PRELUDE}; {@link TableViews#script} prints them that way.
 */
public record TableView(
    String view,
    String table,
    String tableSql,
    String documents,
    List<Source> sources,
    List<String> notes,
    List<String> statements) {
  public TableView {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(tableSql, "tableSql");
    Objects.requireNonNull(documents, "documents");
    sources = List.copyOf(sources);
    notes = List.copyOf(notes);
    statements = List.copyOf(statements);
  }

  /** One mapping of one table the view reads; {@code declared} when it came from {@code --depends}. */
  public record Source(String table, String mapping, boolean declared) {}

  /** The comment block that explains the table view at the top of its script. */
  public String description() {
    StringBuilder sb = new StringBuilder();
    sb.append("-- ").append(table).append(": a table holding what ").append(view)
        .append(" returns, kept in sync by triggers\n");
    sb.append("-- inside every writing transaction. ").append(documents).append('\n');
    sb.append("-- A change to a table refreshes the documents its rows map to (--depends syntax):\n");
    int width = 0;
    for (Source s : sources) {
      width = Math.max(width, s.table().length());
    }
    for (Source s : sources) {
      sb.append("--   ").append(s.table()).append(" ".repeat(width - s.table().length() + 2))
          .append(s.mapping().replace("\n", " ")).append(s.declared() ? "   (declared)" : "").append('\n');
    }
    for (String n : notes) {
      sb.append("-- Note: ").append(n).append('\n');
    }
    return sb.toString();
  }
}
