package io.fraiseql.tableview;

import io.fraiseql.tableview.PgCatalog.Column;
import io.fraiseql.tableview.PgCatalog.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Table views ({@code tv_*}): real tables holding exactly what a read view ({@code v_*}) returns,
 * kept equal to it inside every writing transaction by statement-level triggers on the tables the
 * view reads. Each trigger maps the changed rows (old and new, through PostgreSQL's transition
 * tables) to the ids of the documents they affect and re-reads only those from the view.
 *
 * <p>{@link #generate} reads the catalog and either returns the SQL or refuses the view (a {@link
 * TableViewException} naming each table it cannot cover and what to declare); {@link #apply}
 * runs the SQL in one transaction; {@link #verify} compares a table view with its view. Only plain
 * JDBC is used; the engine reads a {@code tv_*} table like any other source.
 */
public final class TableViews {
  /** Runs first in the transaction that builds table views: the documents are computed in UTC. */
  public static final String PRELUDE = "SET LOCAL TimeZone = 'UTC'";

  private TableViews() {}

  /**
   * Generates the table views of {@code targets}. The connection should be in autocommit mode;
   * nothing is written.
   *
   * @param declared {@code --depends} declarations; without a view prefix they are only allowed
   *     with a single target
   * @throws TableViewException when a view cannot be covered (the message says why and what to
   *     declare)
   * @throws IllegalArgumentException for unusable names or declarations
   */
  public static List<TableView> generate(Connection connection, List<TableViewTarget> targets, List<Dependency> declared)
      throws SQLException {
    Objects.requireNonNull(connection, "connection");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("name at least one view (--view v_post)");
    }
    PgCatalog catalog = new PgCatalog(connection);
    List<Long> viewOids = new ArrayList<>();
    for (TableViewTarget t : targets) {
      Relation view = catalog.relation(t.view());
      viewOids.add(view == null ? -1 : view.oid());
    }
    for (Dependency d : declared) {
      if (d.view() == null) {
        if (targets.size() > 1) {
          throw new IllegalArgumentException("--depends " + d.text() + " names no view; with several --view,"
              + " write VIEW/" + d.table() + ":" + d.mapping().text());
        }
        continue;
      }
      Relation v = catalog.relation(d.view());
      if (v == null || !viewOids.contains(v.oid())) {
        throw new IllegalArgumentException("--depends " + d.text() + ": " + d.view() + " is not one of the --view views");
      }
    }
    Generator generator = new Generator(catalog);
    List<TableView> out = new ArrayList<>();
    Set<String> tables = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      long oid = viewOids.get(i);
      List<Dependency> mine = new ArrayList<>();
      for (Dependency d : declared) {
        if (d.view() == null || (oid >= 0 && catalog.relation(d.view()).oid() == oid)) {
          mine.add(d);
        }
      }
      TableView tv = generator.generate(targets.get(i), mine);
      if (!tables.add(tv.table())) {
        throw new IllegalArgumentException("two --view options make the same table " + tv.table());
      }
      out.add(tv);
    }
    return out;
  }

  /** The script that builds the table views in one transaction, with their description. */
  public static String script(List<TableView> views) {
    StringBuilder sb = new StringBuilder();
    sb.append("-- FraiseQL table views. Running this script again rebuilds them: each table, its trigger\n")
        .append("-- function and its triggers are dropped and created again (grants on the tables are lost).\n");
    for (TableView v : views) {
      sb.append("--\n").append(v.description());
    }
    sb.append("BEGIN;\n").append(PRELUDE).append(";\n");
    for (TableView v : views) {
      for (String s : v.statements()) {
        sb.append('\n').append(s).append(";\n");
      }
    }
    return sb.append("\nCOMMIT;\n").toString();
  }

  /** Runs the statements of the table views in one transaction; on any failure nothing is left behind. */
  public static void apply(Connection connection, List<TableView> views) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute(PRELUDE);
      for (TableView v : views) {
        for (String s : v.statements()) {
          st.execute(s);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Compares a table view with its view in one snapshot: rows missing from the table, rows the
   * view no longer has, rows whose columns differ as text; and whether the table's columns, its
   * registration and its triggers are in place.
   *
   * @param sampleSize how many differing ids to report at most
   * @throws TableViewException when the view or the table does not exist
   */
  public static VerifyReport verify(Connection connection, TableViewTarget target, int sampleSize) throws SQLException {
    PgCatalog catalog = new PgCatalog(connection);
    Relation view = catalog.relation(target.view());
    if (view == null || !view.kind().equals("v")) {
      throw new TableViewException("There is no view named " + target.view() + ".");
    }
    String tableName = target.table() != null ? target.table()
        : SqlText.qualified(view.schema(), TableViewTarget.defaultTableName(view.name()));
    Relation table = catalog.relation(tableName);
    if (table == null) {
      throw new TableViewException("There is no table view " + tableName + " for " + view.display()
          + " (create it with --apply).");
    }
    List<String> problems = new ArrayList<>();
    List<Column> columns = catalog.columns(view.oid());
    if (!sameColumns(columns, catalog.columns(table.oid()))) {
      problems.add("its columns differ from the view's (the view changed): re-run table-view --apply");
      return new VerifyReport(view.display(), table.display(), 0, 0, 0, List.of(), problems);
    }
    problems.addAll(installation(connection, catalog, view, table));
    long missing = 0;
    long extra = 0;
    long different = 0;
    List<VerifyReport.Drift> sample = new ArrayList<>();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute(PRELUDE);
      try (ResultSet rs = st.executeQuery(driftQuery(view, table, columns))) {
        while (rs.next()) {
          String kind = rs.getString(1);
          switch (kind) {
            case "missing" -> missing++;
            case "extra" -> extra++;
            default -> different++;
          }
          if (sample.size() < sampleSize) {
            sample.add(new VerifyReport.Drift(kind, rs.getString(2)));
          }
        }
      }
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
    return new VerifyReport(view.display(), table.display(), missing, extra, different, sample, problems);
  }

  private static boolean sameColumns(List<Column> a, List<Column> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).name().equals(b.get(i).name()) || !a.get(i).type().equals(b.get(i).type())) {
        return false;
      }
    }
    return true;
  }

  /** The registration row and the triggers that keep the table in sync. */
  private static List<String> installation(Connection c, PgCatalog catalog, Relation view, Relation table)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    Relation registry = catalog.relation(SqlText.qualified(table.schema(), Generator.REGISTRY));
    boolean registered = false;
    if (registry != null) {
      try (PreparedStatement ps = c.prepareStatement("SELECT definition = (" + Generator.definitionSql(view) + ")"
          + " FROM " + registry.sql() + " WHERE table_schema = ? AND table_name = ?")) {
        ps.setString(1, table.schema());
        ps.setString(2, table.name());
        try (ResultSet rs = ps.executeQuery()) {
          registered = rs.next();
          if (registered && !rs.getBoolean(1)) {
            problems.add(view.display() + " (or a view it reads) changed since the table view was made, so its"
                + " triggers may follow old joins: re-run table-view --apply");
          }
        }
      }
    }
    if (!registered) {
      problems.add("it is not registered in " + table.schema() + "." + Generator.REGISTRY
          + ", so its triggers refuse every write: re-run table-view --apply");
    }
    // partitions attached after the script ran have no triggers: writes addressed to them are missed
    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT p.relid::text FROM pg_catalog.pg_trigger tg"
        + " JOIN pg_catalog.pg_proc f ON f.oid = tg.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace"
        + " CROSS JOIN LATERAL pg_catalog.pg_partition_tree(tg.tgrelid::regclass) p"
        + " WHERE n.nspname = ? AND f.proname = ? AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t2"
        + "   WHERE t2.tgrelid = p.relid AND t2.tgfoid = tg.tgfoid) ORDER BY 1")) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name() + "_sync");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          problems.add("the partition " + rs.getString(1) + " has no triggers, so writes addressed to it are"
              + " missed: re-run table-view --apply");
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_trigger tg"
        + " JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
        + " WHERE n.nspname = ? AND p.proname = ? AND tg.tgenabled <> 'D'")) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name() + "_sync");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) == 0) {
          problems.add("no enabled trigger keeps it in sync: re-run table-view --apply");
        }
      }
    }
    return problems;
  }

  private static String driftQuery(Relation view, Relation table, List<Column> columns) {
    String id = SqlText.ident("id");
    StringBuilder t = new StringBuilder();
    StringBuilder v = new StringBuilder();
    for (Column c : columns) {
      String col = SqlText.ident(c.name());
      t.append(t.length() == 0 ? "" : ", ").append("CAST(t.").append(col).append(" AS text)");
      v.append(v.length() == 0 ? "" : ", ").append("CAST(v.").append(col).append(" AS text)");
    }
    return "SELECT CASE WHEN t." + id + " IS NULL THEN 'missing' WHEN v." + id + " IS NULL THEN 'extra'"
        + " ELSE 'different' END, CAST(COALESCE(t." + id + ", v." + id + ") AS text)"
        + " FROM " + table.sql() + " t FULL JOIN " + view.sql() + " v ON v." + id + " = t." + id
        + " WHERE t." + id + " IS NULL OR v." + id + " IS NULL OR ROW(" + t + ") IS DISTINCT FROM ROW(" + v + ")"
        + " ORDER BY 2";
  }
}
