package io.fraiseql.tableview;

import io.fraiseql.tableview.NodeTree.Node;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog facts the generator needs, read with plain JDBC from {@code pg_catalog}: relations,
 * columns, stored view queries, unique columns, functions and equality operators. Every name
 * given by the user is resolved by PostgreSQL itself ({@code to_regclass}, {@code parse_ident}),
 * so quoting and case folding follow its rules. Results are cached for the life of the object.
 */
final class PgCatalog {
  /** A relation: oid, schema, name and kind ({@code r} table, {@code p} partitioned, {@code v} view...). */
  record Relation(long oid, String schema, String name, String kind, boolean partition, boolean inheritanceParent) {
    /** The quoted, schema-qualified name: {@code "public"."tb_post"}. */
    String sql() {
      return SqlText.qualified(schema, name);
    }

    /** The name as people write it: {@code public.tb_post}. */
    String display() {
      return schema + "." + name;
    }
  }

  /**
   * A column: number, name, type as {@code format_type} prints it, collation clause (or null),
   * and which index suits it: {@code btree}, {@code gin} or null.
   */
  record Column(int attnum, String name, String type, String collation, String index) {}

  /** A function a view calls: volatility {@code i}, {@code s} or {@code v}. */
  record Function(long oid, String schema, String name, int args, String volatility) {
    String display() {
      return schema + "." + name;
    }
  }

  private final Connection connection;
  private final Map<Long, Relation> relations = new HashMap<>();
  private final Map<Long, List<Column>> columns = new HashMap<>();
  private final Map<Long, Node> queries = new HashMap<>();
  private Set<Long> equalityOperators;

  PgCatalog(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** The relation a name (as one would write it in SQL) denotes, or null. */
  Relation relation(String name) throws SQLException {
    Long oid = single("SELECT to_regclass(?)::oid", name);
    return oid == null ? null : relation(oid);
  }

  Relation relation(long oid) throws SQLException {
    Relation cached = relations.get(oid);
    if (cached != null) {
      return cached;
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT n.nspname, c.relname, c.relkind::text, c.relispartition,"
            + " c.relhassubclass AND c.relkind = 'r'"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.oid = ?")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("relation " + oid + " does not exist");
        }
        Relation r = new Relation(oid, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5));
        relations.put(oid, r);
        return r;
      }
    }
  }

  /** The parts of a possibly qualified name, by PostgreSQL's rules ({@code parse_ident}). */
  List<String> nameParts(String name) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_catalog.parse_ident(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Array a = rs.getArray(1);
        List<String> parts = new ArrayList<>();
        for (Object o : (Object[]) a.getArray()) {
          parts.add((String) o);
        }
        return parts;
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException("'" + name + "' is not a valid name: " + e.getMessage(), e);
    }
  }

  /** The columns of a relation, in order. */
  List<Column> columns(long oid) throws SQLException {
    List<Column> cached = columns.get(oid);
    if (cached != null) {
      return cached;
    }
    List<Column> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
            + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
            + "   THEN pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END,"
            + " CASE WHEN t.typname IN ('jsonb') OR t.typcategory = 'A' THEN 'gin'"
            + "   WHEN t.typcategory = 'B' THEN NULL"
            + "   WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_opclass oc JOIN pg_catalog.pg_am am ON am.oid = oc.opcmethod"
            + "     WHERE am.amname = 'btree' AND oc.opcdefault AND (oc.opcintype = t.oid OR oc.opcintype = t.typbasetype"
            + "       OR (t.typcategory = 'E' AND oc.opcintype = 'pg_catalog.anyenum'::pg_catalog.regtype)"
            + "       OR (t.typcategory = 'S' AND oc.opcintype = 'pg_catalog.text'::pg_catalog.regtype))) THEN 'btree' END"
            + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation"
            + " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
            + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Column(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
    }
    List<Column> result = List.copyOf(out);
    columns.put(oid, result);
    return result;
  }

  /** The name of column {@code attnum} of a relation. */
  String columnName(long oid, int attnum) throws SQLException {
    for (Column c : columns(oid)) {
      if (c.attnum() == attnum) {
        return c.name();
      }
    }
    throw new SQLException("relation " + oid + " has no column " + attnum);
  }

  /** The stored query of a view (the action of its {@code _RETURN} rule). */
  Node viewQuery(long oid) throws SQLException {
    Node cached = queries.get(oid);
    if (cached != null) {
      return cached;
    }
    String text;
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT ev_action::text FROM pg_catalog.pg_rewrite WHERE ev_class = ? AND rulename = '_RETURN'")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("relation " + oid + " has no view definition");
        }
        text = rs.getString(1);
      }
    }
    Object parsed = NodeTree.parse(text);
    Object first = parsed instanceof List<?> l && l.size() == 1 ? l.get(0) : parsed;
    if (!(first instanceof Node q) || !q.is("QUERY")) {
      throw new SQLException("the view definition of relation " + oid + " is not one query");
    }
    queries.put(oid, q);
    return q;
  }

  /**
   * {@code WITH RECURSIVE deps(oid)}: the relation {@code start} (an SQL expression of type oid)
   * and every relation it reads, directly or through views, by the dependencies of their rules.
   */
  static String closure(String start) {
    return "WITH RECURSIVE deps(oid) AS (SELECT " + start
        + " UNION SELECT d.refobjid FROM deps"
        + "   JOIN pg_catalog.pg_class v ON v.oid = deps.oid AND v.relkind = 'v'"
        + "   JOIN pg_catalog.pg_rewrite r ON r.ev_class = deps.oid"
        + "   JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
        + "     AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
        + "     AND d.refobjid <> deps.oid)";
  }

  /** Every relation a view reads, directly or through other views (from pg_depend). */
  List<Relation> readRelations(long viewOid) throws SQLException {
    List<Relation> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        closure("CAST(? AS oid)") + " SELECT oid FROM deps WHERE oid <> CAST(? AS oid) ORDER BY oid")) {
      ps.setLong(1, viewOid);
      ps.setLong(2, viewOid);
      try (ResultSet rs = ps.executeQuery()) {
        List<Long> oids = new ArrayList<>();
        while (rs.next()) {
          oids.add(rs.getLong(1));
        }
        for (long oid : oids) {
          out.add(relation(oid));
        }
      }
    }
    return out;
  }

  /**
   * The columns of each table a view reads, directly or through other views (pg_depend); a table
   * read as a whole row, or through a system column, maps to null: every column counts.
   */
  Map<Long, Set<String>> usedColumns(long viewOid) throws SQLException {
    Map<Long, Set<String>> out = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(
        closure("CAST(? AS oid)") + " SELECT d.refobjid, d.refobjsubid, a.attname FROM deps"
            + "   JOIN pg_catalog.pg_rewrite r ON r.ev_class = deps.oid"
            + "   JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
            + "     AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
            + "   JOIN pg_catalog.pg_class t ON t.oid = d.refobjid AND t.relkind IN ('r', 'p')"
            + "   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
            + "     AND d.refobjsubid > 0")) {
      ps.setLong(1, viewOid);
      try (ResultSet rs = ps.executeQuery()) {
        Set<Long> whole = new HashSet<>();
        while (rs.next()) {
          long table = rs.getLong(1);
          if (rs.getInt(2) <= 0 || rs.getString(3) == null) {
            whole.add(table);
          } else {
            out.computeIfAbsent(table, k -> new java.util.TreeSet<>()).add(rs.getString(3));
          }
        }
        for (long t : whole) {
          out.put(t, null);
        }
      }
    }
    return out;
  }

  /** The single-column primary key of a table, or null. */
  String primaryKey(long oid) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid"
            + " AND a.attnum = i.indkey[0] WHERE i.indrelid = ? AND i.indisprimary AND i.indnkeyatts = 1")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Columns of a relation that are unique by themselves (single-column unique index, no predicate). */
  Set<Integer> uniqueColumns(long oid) throws SQLException {
    Set<Integer> out = new HashSet<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT i.indkey[0] FROM pg_catalog.pg_index i WHERE i.indrelid = ? AND i.indisunique"
            + " AND i.indnkeyatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
    }
    return out;
  }

  /** The partitions of a partitioned table, at every level (empty for other relations). */
  List<Relation> partitions(Relation table) throws SQLException {
    List<Relation> out = new ArrayList<>();
    if (!table.kind().equals("p")) {
      return out;
    }
    List<Long> oids = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT relid::oid FROM pg_catalog.pg_partition_tree(CAST(? AS oid)::regclass) WHERE relid <> CAST(? AS oid)::regclass"
            + " ORDER BY level, relid::oid")) {
      ps.setLong(1, table.oid());
      ps.setLong(2, table.oid());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          oids.add(rs.getLong(1));
        }
      }
    }
    for (long oid : oids) {
      out.add(relation(oid));
    }
    return out;
  }

  /** True when an index of the relation starts with the column (so a join on it can use the index). */
  boolean indexed(long oid, String column) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a"
            + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = ? AND a.attname = ?)")) {
      ps.setLong(1, oid);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The functions with these oids. */
  Map<Long, Function> functions(Set<Long> oids) throws SQLException {
    Map<Long, Function> out = new LinkedHashMap<>();
    if (oids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT p.oid, n.nspname, p.proname, p.pronargs, p.provolatile::text"
            + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE p.oid = ANY (?) ORDER BY p.oid")) {
      ps.setArray(1, connection.createArrayOf("oid", oids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), new Function(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
        }
      }
    }
    return out;
  }

  /** The oids of every {@code =} operator. */
  Set<Long> equalityOperators() throws SQLException {
    if (equalityOperators == null) {
      Set<Long> out = new HashSet<>();
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT oid FROM pg_catalog.pg_operator WHERE oprname = '=' AND oprkind = 'b'");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      equalityOperators = Set.copyOf(out);
    }
    return equalityOperators;
  }

  private Long single(String sql, String arg) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long v = rs.getLong(1);
        return rs.wasNull() ? null : v;
      }
    } catch (SQLException e) {
      if ("42602".equals(e.getSQLState()) || "42601".equals(e.getSQLState())) {
        throw new IllegalArgumentException("'" + arg + "' is not a valid name", e);
      }
      throw e;
    }
  }
}
