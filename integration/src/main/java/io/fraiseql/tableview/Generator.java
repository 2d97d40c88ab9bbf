package io.fraiseql.tableview;

import io.fraiseql.tableview.Dependency.All;
import io.fraiseql.tableview.Dependency.Hop;
import io.fraiseql.tableview.Dependency.Mapping;
import io.fraiseql.tableview.Dependency.Path;
import io.fraiseql.tableview.Dependency.Query;
import io.fraiseql.tableview.PgCatalog.Column;
import io.fraiseql.tableview.PgCatalog.Relation;
import io.fraiseql.tableview.ViewAnalyzer.ColRef;
import io.fraiseql.tableview.ViewAnalyzer.Edge;
import io.fraiseql.tableview.ViewAnalyzer.Occurrence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds one {@link TableView}: reads the view from the catalog, maps every table it reads to the
 * documents a change affects (declared, or inferred from the view's join conditions), refuses
 * what it cannot cover, checks each mapping against the database, and renders the script.
 */
final class Generator {
  /** The registry table (one per schema holding table views): one row per table view. */
  static final String REGISTRY = "fraiseql_table_view";

  /**
   * Stable functions of pg_catalog that depend on the clock, the session or the catalog rather
   * than only on settings the triggers pin (TimeZone) or leave at the database's defaults.
   */
  private static final Set<String> SESSION_FUNCTIONS = Set.of(
      "now", "statement_timestamp", "transaction_timestamp", "current_setting", "current_schema",
      "current_schemas", "current_user", "session_user", "current_role", "inet_client_addr",
      "inet_client_port", "inet_server_addr", "inet_server_port", "pg_backend_pid", "pg_trigger_depth",
      "txid_current", "txid_current_if_assigned", "pg_current_xact_id", "pg_current_xact_id_if_assigned",
      "row_security_active", "pg_my_temp_schema", "pg_is_other_temp_schema", "pg_postmaster_start_time",
      "pg_conf_load_time", "format_type", "obj_description", "col_description", "shobj_description");

  private final PgCatalog catalog;

  Generator(PgCatalog catalog) {
    this.catalog = catalog;
  }

  /** An unresolved table: its name and why. */
  private record Uncovered(Relation table, String why) {}

  TableView generate(TableViewTarget target, List<Dependency> declared) throws SQLException {
    Relation view = catalog.relation(target.view());
    if (view == null) {
      throw new TableViewException("There is no view named " + target.view() + ".");
    }
    if (!view.kind().equals("v")) {
      throw new TableViewException(view.display() + " is not a view (relation kind " + view.kind() + ").");
    }
    List<Column> columns = catalog.columns(view.oid());
    Column id = columns.stream().filter(c -> c.name().equals("id")).findFirst().orElseThrow(() ->
        new TableViewException("Refusing " + view.display() + ": it has no id column, which a table view needs"
            + " as its primary key."));
    Relation table = tableFor(target, view);
    ViewAnalyzer.Result analysis = analyze(view);

    // what cannot be declared away (fatal), and what every table declared makes irrelevant
    List<String> fatal = new ArrayList<>();
    List<String> structural = new ArrayList<>(analysis.problems());
    for (PgCatalog.Function f : catalog.functions(analysis.functions()).values()) {
      String why = functionProblem(f);
      if (why != null) {
        fatal.add(why);
      }
    }
    Map<Long, Relation> tables = readTables(view, fatal);
    Map<Long, List<Occurrence>> occurrences = new LinkedHashMap<>();
    for (Occurrence o : analysis.occurrences()) {
      occurrences.computeIfAbsent(o.relid(), k -> new ArrayList<>()).add(o);
    }
    for (Relation r : tables.values()) {
      if (!occurrences.containsKey(r.oid())) {
        structural.add("it reads " + r.display() + " in a place the analysis does not follow");
      }
    }
    Map<Long, List<Mapping>> declaredByTable = declaredByTable(view, declared, tables);

    Relation rootTable = analysis.root() == null ? null
        : catalog.relation(analysis.occurrences().get(analysis.root().occurrence()).relid());
    String rootColumn = rootTable == null ? null : catalog.columnName(rootTable.oid(), analysis.root().attnum());
    Map<Long, Set<Integer>> unique = new HashMap<>();
    for (long oid : occurrences.keySet()) {
      unique.put(oid, catalog.uniqueColumns(oid));
    }

    // each table's mappings: declared, or one path per reference to it (the documents' own rows first)
    List<TableView.Source> sources = new ArrayList<>();
    Map<Relation, List<Mapping>> mappings = new LinkedHashMap<>();
    List<Uncovered> uncovered = new ArrayList<>();
    List<Relation> ordered = new ArrayList<>(tables.values());
    ordered.sort(Comparator.comparing((Relation r) -> rootTable != null && r.oid() == rootTable.oid() ? 0 : 1)
        .thenComparing(Relation::display));
    for (Relation t : ordered) {
      boolean isDeclared = declaredByTable.containsKey(t.oid());
      List<Mapping> found = isDeclared ? declaredByTable.get(t.oid())
          : inferred(view, t, analysis, occurrences.getOrDefault(t.oid(), List.of()), unique, rootTable, rootColumn,
              uncovered);
      if (found != null) {
        mappings.put(t, found);
        for (Mapping m : found) {
          sources.add(new TableView.Source(t.display(), m.text(), isDeclared));
        }
      }
    }
    boolean everyTableDeclared = declaredByTable.keySet().containsAll(tables.keySet());
    if (!fatal.isEmpty() || !uncovered.isEmpty() || (!structural.isEmpty() && !everyTableDeclared)) {
      throw new TableViewException(refusal(view, table, fatal, structural, uncovered, everyTableDeclared, declared));
    }

    Map<Relation, String> idSql = new LinkedHashMap<>();
    List<String> checks = new ArrayList<>();
    for (Map.Entry<Relation, List<Mapping>> e : mappings.entrySet()) {
      idSql.put(e.getKey(), mappingSql(e.getKey(), e.getValue(), id.type()));
      for (Mapping m : e.getValue()) {
        if (m instanceof Query q) {
          checks.add(changedRows(e.getKey()) + "SELECT * FROM (" + q.sql() + ") AS d");
        }
      }
      if (idSql.get(e.getKey()) != null) {
        checks.add(changedRows(e.getKey()) + idSql.get(e.getKey()));
      }
    }
    check(view, table, mappings.keySet(), checks);
    String documents = rootTable == null ? "Every table it reads is declared."
        : "Documents are rows of " + rootTable.display() + " (" + view.name() + ".id = " + rootTable.name() + "."
            + rootColumn + ").";
    // statement triggers on a partitioned table do not fire for writes addressed to a partition
    Map<Relation, List<Relation>> triggered = new LinkedHashMap<>();
    Map<Relation, String> updated = new LinkedHashMap<>();
    Map<Long, Set<String>> used = catalog.usedColumns(view.oid());
    for (Relation t : idSql.keySet()) {
      List<Relation> on = new ArrayList<>(List.of(t));
      on.addAll(catalog.partitions(t));
      triggered.put(t, on);
      updated.put(t, updatedRows(used.containsKey(t.oid()) ? used.get(t.oid()) : null, catalog.primaryKey(t.oid())));
    }
    return new TableView(view.display(), table.display(), table.sql(), documents, sources, notes(mappings, rootTable, rootColumn),
        new Script(view, table, columns, id, idSql, triggered, updated).statements());
  }

  private ViewAnalyzer.Result analyze(Relation view) throws SQLException {
    try {
      return ViewAnalyzer.analyze(view.oid(), view.display(), (oid, name) -> {
        try {
          return catalog.viewQuery(oid);
        } catch (SQLException e) {
          throw new CatalogFailure(e);
        }
      }, catalog.equalityOperators());
    } catch (CatalogFailure e) {
      throw e.getCause();
    } catch (IllegalArgumentException e) {
      throw new TableViewException("Refusing " + view.display() + ": " + e.getMessage());
    }
  }

  /** The tables a view reads (through other views too); relations no trigger can watch are fatal. */
  private Map<Long, Relation> readTables(Relation view, List<String> fatal) throws SQLException {
    Map<Long, Relation> tables = new TreeMap<>();
    for (Relation r : catalog.readRelations(view.oid())) {
      switch (r.kind()) {
        case "r", "p" -> {
          if (r.partition()) {
            fatal.add("it reads " + r.display() + ", a partition: statement triggers on a partition do not see"
                + " rows written through its parent; read the partitioned table instead");
          } else if (r.inheritanceParent()) {
            fatal.add("it reads " + r.display() + ", which has inheritance children whose writes its triggers"
                + " would not see");
          } else {
            tables.put(r.oid(), r);
          }
        }
        case "v" -> { }
        case "m" -> fatal.add("it reads the materialized view " + r.display() + ", which no trigger keeps current");
        case "f" -> fatal.add("it reads the foreign table " + r.display() + ", whose changes no trigger sees");
        default -> fatal.add("it reads " + r.display() + " (relation kind " + r.kind() + ")");
      }
    }
    return tables;
  }

  /** The declared mappings of the view, by table; each table must exist and be read by the view. */
  private Map<Long, List<Mapping>> declaredByTable(Relation view, List<Dependency> declared, Map<Long, Relation> tables)
      throws SQLException {
    Map<Long, List<Mapping>> out = new LinkedHashMap<>();
    for (Dependency d : declared) {
      Relation t = catalog.relation(d.table());
      if (t == null) {
        throw new TableViewException("--depends " + d.text() + ": there is no table named " + d.table() + ".");
      }
      if (!tables.containsKey(t.oid())) {
        throw new TableViewException("--depends " + d.text() + ": " + view.display() + " does not read "
            + t.display() + " (it reads " + names(tables.values()) + ").");
      }
      out.computeIfAbsent(t.oid(), k -> new ArrayList<>()).add(d.mapping());
    }
    return out;
  }

  /** One path per reference to the table, duplicates removed; null (and why, in uncovered) when one has none. */
  private List<Mapping> inferred(Relation view, Relation t, ViewAnalyzer.Result analysis, List<Occurrence> refs,
      Map<Long, Set<Integer>> unique, Relation rootTable, String rootColumn, List<Uncovered> uncovered)
      throws SQLException {
    if (rootTable == null) {
      uncovered.add(new Uncovered(t, view.display() + ".id is not a column of a table, so which rows are the"
          + " documents is unknown"));
      return null;
    }
    if (refs.isEmpty()) {
      return null; // read where the analysis does not follow: already a problem of the view
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Mapping> out = new ArrayList<>();
    for (Occurrence o : refs) {
      Path p = path(analysis, o, unique, rootColumn);
      if (p == null) {
        uncovered.add(new Uncovered(t, "no column equality joins it (" + o.via() + ") to the rows of "
            + rootTable.display() + " the documents come from"));
        return null;
      }
      if (seen.add(p.text())) {
        out.add(p);
      }
    }
    return out;
  }

  /** Joins the triggers make on a column no index starts with: each such write scans that table. */
  private List<String> notes(Map<Relation, List<Mapping>> mappings, Relation rootTable, String rootColumn)
      throws SQLException {
    Set<String> notes = new LinkedHashSet<>();
    if (rootTable != null && !catalog.indexed(rootTable.oid(), rootColumn)) {
      notes.add("no index on " + rootTable.display() + "(" + rootColumn + "): every refresh scans it");
    }
    for (Map.Entry<Relation, List<Mapping>> e : mappings.entrySet()) {
      for (Mapping m : e.getValue()) {
        if (m instanceof Path p) {
          for (Hop h : p.hops()) {
            Relation t = catalog.relation(h.table());
            if (t != null && !catalog.indexed(t.oid(), h.targetColumn())) {
              notes.add("no index on " + t.display() + "(" + h.targetColumn() + "): every write to "
                  + e.getKey().display() + " scans " + t.display());
            }
          }
        }
      }
    }
    return List.copyOf(notes);
  }

  // ------------------------------------------------------------------------------ names

  /** The target table: named, or tv_* beside the view; an existing one must be a table view we made. */
  private Relation tableFor(TableViewTarget target, Relation view) throws SQLException {
    String schema = view.schema();
    String name = TableViewTarget.defaultTableName(view.name());
    if (target.table() != null) {
      List<String> parts = catalog.nameParts(target.table());
      if (parts.size() > 2) {
        throw new IllegalArgumentException("--view " + target.view() + "=" + target.table()
            + ": the table name has more than a schema and a name");
      }
      name = parts.get(parts.size() - 1);
      if (parts.size() == 2) {
        schema = parts.get(0);
      }
    }
    Relation table = new Relation(0, schema, name, "r", false, false);
    Relation existing = catalog.relation(table.sql());
    if (existing != null && !registered(existing)) {
      throw new TableViewException(existing.display() + " already exists and was not made by table-view; drop it or"
          + " name the table view another way (--view " + target.view() + "=NAME).");
    }
    return table;
  }

  private boolean registered(Relation r) throws SQLException {
    if (!r.kind().equals("r") || catalog.relation(SqlText.qualified(r.schema(), REGISTRY)) == null) {
      return false;
    }
    try (PreparedStatement ps = catalog.connection().prepareStatement("SELECT 1 FROM "
        + SqlText.qualified(r.schema(), REGISTRY) + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, r.schema());
      ps.setString(2, r.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String names(Iterable<Relation> rels) {
    List<String> out = new ArrayList<>();
    for (Relation r : rels) {
      out.add(r.display());
    }
    return out.isEmpty() ? "no table" : String.join(", ", out);
  }

  // ------------------------------------------------------------------------- functions

  private static String functionProblem(PgCatalog.Function f) {
    String name = f.display() + "()";
    if (f.volatility().equals("v")) {
      return "it calls " + name + ", a volatile function: the document would differ from one read to the next";
    }
    if (!f.volatility().equals("s")) {
      return null;
    }
    if (!f.schema().equals("pg_catalog")) {
      return "it calls " + name + ", a stable function that may read tables the catalog does not show; mark it"
          + " IMMUTABLE if it reads none, or inline its query into the view";
    }
    if (SESSION_FUNCTIONS.contains(f.name()) || f.name().startsWith("has_") || f.name().startsWith("pg_has_")
        || f.name().startsWith("to_reg") || f.name().startsWith("pg_get_") || (f.name().equals("age") && f.args() == 1)) {
      return "it calls " + name + ", whose result depends on the time, the session or the catalog: a stored"
          + " document would keep the value from the time of the write";
    }
    return null;
  }

  // ----------------------------------------------------------------------------- paths

  /**
   * The shortest chain of the view's column equalities from an occurrence to the occurrence the
   * documents come from. Occurrences of one table joined on one of its unique columns are the same
   * row and count as one (v_comment's row joined to the comment it describes, for instance).
   */
  private Path path(ViewAnalyzer.Result a, Occurrence from, Map<Long, Set<Integer>> unique, String rootColumn)
      throws SQLException {
    int n = a.occurrences().size();
    int[] group = new int[n];
    for (int i = 0; i < n; i++) {
      group[i] = i;
    }
    for (Edge e : a.edges()) {
      Occurrence x = a.occurrences().get(e.a().occurrence());
      Occurrence y = a.occurrences().get(e.b().occurrence());
      if (x.relid() == y.relid() && e.a().attnum() == e.b().attnum()
          && unique.getOrDefault(x.relid(), Set.of()).contains(e.a().attnum())) {
        union(group, x.id(), y.id());
      }
    }
    int start = find(group, from.id());
    int goal = find(group, a.root().occurrence());
    Map<Integer, Edge> via = new HashMap<>();
    Map<Integer, Integer> previous = new HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    previous.put(start, -1);
    while (!queue.isEmpty() && !previous.containsKey(goal)) {
      int g = queue.poll();
      for (Edge e : a.edges()) {
        for (Edge oriented : List.of(e, new Edge(e.b(), e.a()))) {
          int ga = find(group, oriented.a().occurrence());
          int gb = find(group, oriented.b().occurrence());
          if (ga == g && gb != g && !previous.containsKey(gb)) {
            previous.put(gb, g);
            via.put(gb, oriented);
            queue.add(gb);
          }
        }
      }
    }
    if (!previous.containsKey(goal)) {
      return null;
    }
    List<Edge> chain = new ArrayList<>();
    for (int g = goal; g != start; g = previous.get(g)) {
      chain.add(0, via.get(g));
    }
    ColRef root = a.root();
    boolean lastIsRootKey = !chain.isEmpty() && chain.get(chain.size() - 1).b().attnum() == root.attnum();
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < chain.size() - (lastIsRootKey ? 1 : 0); i++) {
      Edge e = chain.get(i);
      long fromRel = a.occurrences().get(e.a().occurrence()).relid();
      long toRel = a.occurrences().get(e.b().occurrence()).relid();
      hops.add(new Hop(catalog.columnName(fromRel, e.a().attnum()), catalog.relation(toRel).display(),
          catalog.columnName(toRel, e.b().attnum())));
    }
    String column;
    if (lastIsRootKey) {
      Edge last = chain.get(chain.size() - 1);
      column = catalog.columnName(a.occurrences().get(last.a().occurrence()).relid(), last.a().attnum());
    } else {
      column = rootColumn;
    }
    return new Path(hops, column);
  }

  private static int find(int[] group, int i) {
    int r = i;
    while (group[r] != r) {
      r = group[r];
    }
    return r;
  }

  private static void union(int[] group, int a, int b) {
    int ra = find(group, a);
    int rb = find(group, b);
    if (ra != rb) {
      group[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  // --------------------------------------------------------------------------- mapping SQL

  /**
   * The query (over the relation {@code changed}) returning the ids of the documents the changed
   * rows of a table affect, each cast to the id column's type; null for {@code all}.
   */
  private String mappingSql(Relation table, List<Mapping> mappings, String idType) throws SQLException {
    List<String> branches = new ArrayList<>();
    for (Mapping m : mappings) {
      if (m instanceof All) {
        return null;
      }
      if (m instanceof Query q) {
        branches.add("SELECT CAST(d.id AS " + idType + ") FROM (" + q.sql() + ") AS d(id)");
      } else if (m instanceof Path p) {
        branches.add(pathSql(table, p, idType));
      }
    }
    // each id once, though several branches (or the old and new version of a row) give it
    return branches.size() == 1 ? "SELECT DISTINCT " + branches.get(0).substring("SELECT ".length())
        : String.join("\n        UNION ", branches);
  }

  private String pathSql(Relation table, Path p, String idType) throws SQLException {
    StringBuilder from = new StringBuilder("changed c");
    String alias = "c";
    Relation current = table;
    int i = 0;
    for (Hop h : p.hops()) {
      Relation next = catalog.relation(h.table());
      if (next == null) {
        throw new TableViewException("--depends " + table.display() + ":" + p.text() + ": there is no table named "
            + h.table() + ".");
      }
      requireColumn(current, h.column(), p);
      requireColumn(next, h.targetColumn(), p);
      String a = "j" + (++i);
      from.append(" JOIN ").append(next.sql()).append(' ').append(a).append(" ON ").append(a).append('.')
          .append(SqlText.ident(h.targetColumn())).append(" = ").append(alias).append('.').append(SqlText.ident(h.column()));
      alias = a;
      current = next;
    }
    requireColumn(current, p.column(), p);
    return "SELECT CAST(" + alias + "." + SqlText.ident(p.column()) + " AS " + idType + ") FROM " + from;
  }

  private void requireColumn(Relation r, String column, Path p) throws SQLException {
    for (Column c : catalog.columns(r.oid())) {
      if (c.name().equals(column)) {
        return;
      }
    }
    throw new TableViewException("--depends ...:" + p.text() + ": " + r.display() + " has no column " + column + ".");
  }

  /**
   * The changed rows of an UPDATE: old and new versions of the rows where a column the view reads
   * changed (paired by primary key; a row whose key changed counts as changed). Without a
   * single-column key, or when the view reads whole rows, every updated row counts.
   */
  static String updatedRows(Set<String> used, String key) {
    if (used == null || used.isEmpty() || key == null) {
      return "SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows";
    }
    List<String> n = new ArrayList<>();
    List<String> o = new ArrayList<>();
    for (String c : used) {
      n.add("n." + SqlText.ident(c));
      o.add("o." + SqlText.ident(c));
    }
    String differs = "CAST(ROW(" + String.join(", ", n) + ") AS text) IS DISTINCT FROM CAST(ROW("
        + String.join(", ", o) + ") AS text)";
    String k = SqlText.ident(key);
    return "SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o." + k + " = n." + k + " WHERE o." + k + " IS NULL OR "
        + differs + "\n          UNION ALL SELECT o.* FROM old_rows o LEFT JOIN new_rows n ON n." + k + " = o." + k
        + " WHERE n." + k + " IS NULL OR " + differs;
  }

  /**
   * A digest of the definitions of the view and of every view it reads, kept in the registry so
   * that {@code --verify} can tell when a view changed after its table view was made.
   */
  static String definitionSql(Relation view) {
    return PgCatalog.closure(SqlText.literal(view.sql()) + "::regclass::oid")
        + " SELECT md5(string_agg(c.oid::regclass::text || ': ' || pg_catalog.pg_get_viewdef(c.oid), '; '"
        + " ORDER BY c.oid::regclass::text)) FROM deps JOIN pg_catalog.pg_class c ON c.oid = deps.oid AND c.relkind = 'v'";
  }

  /** {@code changed} as the checks see it: the table's row type, no rows. */
  private static String changedRows(Relation table) {
    return "WITH changed AS (SELECT * FROM " + table.sql() + " LIMIT 0) ";
  }

  /**
   * Runs every mapping once over no rows, with the search path the triggers use, so a mapping that
   * does not plan (a typo in a declared query, a type that does not cast) fails now, not in a
   * user's write. Each query must return one column.
   */
  private void check(Relation view, Relation table, Set<Relation> tables, List<String> queries) throws SQLException {
    Connection c = catalog.connection();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL search_path = " + searchPath(table));
      for (String q : queries) {
        st.execute("SAVEPOINT fraiseql_check");
        try (ResultSet rs = st.executeQuery(q)) {
          if (rs.getMetaData().getColumnCount() != 1) {
            throw new TableViewException("Refusing " + view.display() + ": a mapping declared for "
                + owner(tables, q) + " returns more than one column.");
          }
        } catch (SQLException ex) {
          throw new TableViewException("Refusing " + view.display() + ": the mapping for " + owner(tables, q)
              + " does not run: " + ex.getMessage().replace('\n', ' '));
        }
        st.execute("RELEASE SAVEPOINT fraiseql_check");
      }
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  private static String owner(Set<Relation> tables, String query) {
    for (Relation t : tables) {
      if (query.startsWith(changedRows(t))) {
        return t.display();
      }
    }
    return "a table";
  }

  /** The trigger function's search path: the catalog first, then the table view's schema. */
  static String searchPath(Relation table) {
    return "pg_catalog, " + SqlText.ident(table.schema()) + ", pg_temp";
  }

  // ---------------------------------------------------------------------------- refusal

  private static String refusal(Relation view, Relation table, List<String> fatal, List<String> structural,
      List<Uncovered> uncovered, boolean everyTableDeclared, List<Dependency> declared) {
    StringBuilder sb = new StringBuilder();
    sb.append("Refusing ").append(view.display()).append(": ").append(table.display())
        .append(" could drift from it.");
    for (String f : fatal) {
      sb.append("\n  - ").append(f).append('.');
    }
    if (!everyTableDeclared) {
      for (String s : structural) {
        sb.append("\n  - ").append(s).append('.');
      }
    }
    Set<Relation> named = new LinkedHashSet<>();
    for (Uncovered u : uncovered) {
      sb.append("\n  - ").append(u.table().display()).append(": ").append(u.why()).append('.');
      named.add(u.table());
    }
    if (fatal.isEmpty()) {
      String prefix = declared.stream().anyMatch(d -> d.view() != null) ? view.name() + "/" : "";
      sb.append("\nDeclare how a change maps to documents");
      if (!structural.isEmpty()) {
        sb.append(" for every table the view reads");
      } else {
        sb.append(" for ").append(names(named));
      }
      sb.append(", for example:");
      Relation example = named.isEmpty() ? null : named.iterator().next();
      String t = example == null ? "TABLE" : example.display();
      sb.append("\n  --depends ").append(prefix).append(t).append(":COLUMN             (a column of the changed row holds the document id)");
      sb.append("\n  --depends ").append(prefix).append(t).append(":COLUMN=TABLE2.COLUMN2/COLUMN3  (a path through TABLE2)");
      sb.append("\n  --depends '").append(prefix).append(t).append(":SELECT ... FROM changed ...'  (a query over the changed rows)");
      sb.append("\n  --depends ").append(prefix).append(t).append(":all                (any change refreshes every document)");
    }
    return sb.toString();
  }

  /** A SQLException thrown while the analyzer reads the catalog. */
  private static final class CatalogFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CatalogFailure(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  // ----------------------------------------------------------------------------- script

  /** The statements of one table view. */
  private static final class Script {
    private final Relation view;
    private final Relation table;
    private final List<Column> columns;
    private final Column id;
    private final Map<Relation, String> idSql;
    /** Each table the view reads, and the relations its triggers go on: itself and its partitions. */
    private final Map<Relation, List<Relation>> triggered;
    /** Each table's changed rows of an UPDATE ({@link Generator#updatedRows}). */
    private final Map<Relation, String> updated;
    private final String function;
    private final String registry;

    Script(Relation view, Relation table, List<Column> columns, Column id, Map<Relation, String> idSql,
        Map<Relation, List<Relation>> triggered, Map<Relation, String> updated) {
      this.view = view;
      this.table = table;
      this.columns = columns;
      this.id = id;
      this.idSql = idSql;
      this.triggered = triggered;
      this.updated = updated;
      this.function = SqlText.qualified(table.schema(), table.name() + "_sync");
      this.registry = SqlText.qualified(table.schema(), REGISTRY);
    }

    List<String> statements() {
      List<String> out = new ArrayList<>();
      out.add("CREATE TABLE IF NOT EXISTS " + registry + " (\n"
          + "  table_schema text NOT NULL,\n  table_name text NOT NULL,\n"
          + "  view_schema text NOT NULL,\n  view_name text NOT NULL,\n  definition text NOT NULL,\n"
          + "  writes bigint NOT NULL DEFAULT 0,\n  created_at timestamptz NOT NULL DEFAULT now(),\n"
          + "  PRIMARY KEY (table_schema, table_name))");
      out.add("DROP FUNCTION IF EXISTS " + function + "() CASCADE");
      out.add("DROP TABLE IF EXISTS " + table.sql());
      StringBuilder create = new StringBuilder("CREATE TABLE " + table.sql() + " (");
      for (int i = 0; i < columns.size(); i++) {
        Column c = columns.get(i);
        create.append(i == 0 ? "\n  " : ",\n  ").append(SqlText.ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
          create.append(" COLLATE ").append(c.collation());
        }
        if (c == id) {
          create.append(" PRIMARY KEY");
        }
      }
      out.add(create.append(")").toString());
      out.add("INSERT INTO " + registry + " (table_schema, table_name, view_schema, view_name, definition)\n"
          + "SELECT " + SqlText.literal(table.schema()) + ", " + SqlText.literal(table.name()) + ", "
          + SqlText.literal(view.schema()) + ", " + SqlText.literal(view.name()) + ", (" + definitionSql(view) + ")\n"
          + "ON CONFLICT (table_schema, table_name) DO UPDATE SET view_schema = EXCLUDED.view_schema,"
          + " view_name = EXCLUDED.view_name, definition = EXCLUDED.definition, writes = 0, created_at = now()");
      out.add(function());
      for (List<Relation> on : triggered.values()) {
        for (Relation t : on) {
          triggers(t, out);
        }
      }
      out.add(refill(""));
      for (Column c : columns) {
        if (c != id && !c.name().equals("data") && c.index() != null) {
          out.add("CREATE INDEX ON " + table.sql() + (c.index().equals("gin") ? " USING gin" : "")
              + " (" + SqlText.ident(c.name()) + ")");
        }
      }
      out.add("ANALYZE " + table.sql());
      return out;
    }

    private String columnList(String alias) {
      List<String> names = new ArrayList<>();
      for (Column c : columns) {
        names.add((alias.isEmpty() ? "" : alias + ".") + SqlText.ident(c.name()));
      }
      return String.join(", ", names);
    }

    /** INSERT ... SELECT from the view, optionally restricted ({@code where} starts with " WHERE"). */
    private String refill(String where) {
      return "INSERT INTO " + table.sql() + " (" + columnList("") + ")\nSELECT " + columnList("v") + " FROM "
          + view.sql() + " v" + where;
    }

    private String function() {
      String idCol = SqlText.ident(id.name());
      StringBuilder f = new StringBuilder();
      f.append("CREATE FUNCTION ").append(function).append("() RETURNS trigger\n")
          .append("LANGUAGE plpgsql SECURITY DEFINER\n")
          .append("SET search_path = ").append(searchPath(table)).append("\n")
          .append("SET TimeZone = 'UTC'\n")
          .append("AS $fraiseql$\n")
          .append("DECLARE\n  ids ").append(id.type()).append("[];\n")
          .append("BEGIN\n")
          .append("  IF TG_WHEN = 'BEFORE' THEN\n")
          .append("    -- one writing transaction at a time for this table view, from its first write to\n")
          .append("    -- its commit; the next one then reads what this one committed (REPEATABLE READ\n")
          .append("    -- and SERIALIZABLE transactions that started earlier fail with 40001: retry them)\n")
          .append("    UPDATE ").append(registry).append(" SET writes = writes + 1\n")
          .append("     WHERE table_schema = ").append(SqlText.literal(table.schema()))
          .append(" AND table_name = ").append(SqlText.literal(table.name())).append(";\n")
          .append("    IF NOT FOUND THEN\n")
          .append("      RAISE EXCEPTION 'table view % is missing from %; re-run its table-view script', ")
          .append(SqlText.literal(table.display())).append(", ").append(SqlText.literal(table.schema() + "." + REGISTRY))
          .append(";\n    END IF;\n    RETURN NULL;\n  END IF;\n")
          .append("  IF TG_OP = 'TRUNCATE'");
      for (Map.Entry<Relation, String> e : idSql.entrySet()) {
        if (e.getValue() == null) {
          f.append(" OR ").append(isOneOf(e.getKey()));
        }
      }
      f.append(" THEN\n")
          .append("    DELETE FROM ").append(table.sql()).append(";\n")
          .append("    ").append(refill("").replace("\n", "\n    ")).append(";\n")
          .append("    RETURN NULL;\n  END IF;\n");
      boolean first = true;
      for (Map.Entry<Relation, String> e : idSql.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        f.append(first ? "  IF " : "  ELSIF ").append(isOneOf(e.getKey())).append(" THEN\n");
        first = false;
        String q = e.getValue();
        f.append("    IF TG_OP = 'INSERT' THEN\n")
            .append("      ids := ARRAY(WITH changed AS (SELECT * FROM new_rows)\n        ").append(q).append(");\n")
            .append("    ELSIF TG_OP = 'UPDATE' THEN\n")
            .append("      ids := ARRAY(WITH changed AS (").append(updated.get(e.getKey())).append(")\n        ")
            .append(q).append(");\n")
            .append("    ELSE\n")
            .append("      ids := ARRAY(WITH changed AS (SELECT * FROM old_rows)\n        ").append(q).append(");\n")
            .append("    END IF;\n");
      }
      if (!first) {
        f.append("  END IF;\n");
      }
      f.append("  IF cardinality(ids) > 0 THEN\n")
          .append("    DELETE FROM ").append(table.sql()).append(" t WHERE t.").append(idCol).append(" = ANY (ids);\n")
          .append("    ").append(refill(" WHERE v." + idCol + " = ANY (ids)").replace("\n", "\n    ")).append(";\n")
          .append("  END IF;\n")
          .append("  RETURN NULL;\n")
          .append("END\n$fraiseql$");
      return f.toString();
    }

    /** {@code TG_RELID = 'tb'::regclass}, or {@code TG_RELID IN (...)} with the table's partitions. */
    private String isOneOf(Relation t) {
      List<String> names = new ArrayList<>();
      for (Relation r : triggered.get(t)) {
        names.add(SqlText.literal(r.sql()) + "::regclass");
      }
      return names.size() == 1 ? "TG_RELID = " + names.get(0) : "TG_RELID IN (" + String.join(", ", names) + ")";
    }

    private void triggers(Relation t, List<String> out) {
      String name = table.name();
      String on = " ON " + t.sql() + " ";
      String exec = "FOR EACH STATEMENT EXECUTE FUNCTION " + function + "()";
      out.add("CREATE TRIGGER " + SqlText.ident(name + "_lock") + " BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE"
          + on + exec);
      out.add("CREATE TRIGGER " + SqlText.ident(name + "_insert") + " AFTER INSERT" + on
          + "REFERENCING NEW TABLE AS new_rows " + exec);
      out.add("CREATE TRIGGER " + SqlText.ident(name + "_update") + " AFTER UPDATE" + on
          + "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows " + exec);
      out.add("CREATE TRIGGER " + SqlText.ident(name + "_delete") + " AFTER DELETE" + on
          + "REFERENCING OLD TABLE AS old_rows " + exec);
      out.add("CREATE TRIGGER " + SqlText.ident(name + "_truncate") + " AFTER TRUNCATE" + on + exec);
    }
  }
}
