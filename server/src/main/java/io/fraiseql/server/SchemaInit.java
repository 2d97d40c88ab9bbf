package io.fraiseql.server;

import io.fraiseql.planner.internal.Names;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The {@code init} command: writes an SDL for the read views that already exist in a database.
 * One type per view (or table view) with an {@code id} column and a {@code jsonb} data column; the
 * fields come from {@code jsonb_typeof} over a sample of rows, walked in PostgreSQL (nested objects
 * and arrays become types of their own, or reuse a view's type when they have exactly its shape);
 * every view gets a list root and a by-id root. Where the sample cannot tell, the field gets a
 * comment saying what was guessed.
 */
final class SchemaInit {
  /** The view name patterns (SQL {@code LIKE}) used when none are given. */
  static final List<String> DEFAULT_PATTERNS = List.of("v\\_%", "tv\\_%");

  /** Rows sampled per view when not told otherwise. */
  static final int DEFAULT_SAMPLE = 200;

  /** Nesting below this depth is read as {@code JSON}. */
  private static final int MAX_DEPTH = 12;

  private static final Pattern GRAPHQL_NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");
  private static final Pattern VIEW_PREFIX = Pattern.compile("^(tv|mv|v)_");

  private static final String CATALOG = """
      SELECT n.nspname, c.relname,
             ARRAY(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.atttypid = 'jsonb'::regtype ORDER BY a.attnum) AS json_columns,
             EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id'
                     AND a.attnum > 0 AND NOT a.attisdropped) AS has_id
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm', 'r', 'p', 'f')
        AND n.nspname = ANY (current_schemas(false))
        AND c.relname LIKE ANY (?)
      ORDER BY c.relname, n.nspname
      """;

  /**
   * Every path of the sampled documents with each JSON type seen there: how often, where the key
   * first appears, and for strings and numbers the shapes the values share.
   */
  private static final String WALK = """
      WITH RECURSIVE sample AS (
        SELECT %s AS value FROM %s LIMIT ?
      ), walk(path, depth, ord, value) AS (
        SELECT ARRAY[]::text[], 0, 0::bigint, value FROM sample
        UNION ALL
        SELECT w.path || c.key, w.depth + 1, c.ord, c.value
        FROM walk w CROSS JOIN LATERAL (
          SELECT e.key, e.ord, e.value
          FROM jsonb_each(CASE WHEN jsonb_typeof(w.value) = 'object' THEN w.value END)
               WITH ORDINALITY AS e(key, value, ord)
          UNION ALL
          SELECT '[]', 0::bigint, a.value
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.value) = 'array' THEN w.value END) AS a(value)
        ) c
        WHERE w.depth < ?
      )
      SELECT path, jsonb_typeof(value) AS type, min(ord) AS ord,
             bool_and(value #>> '{}' ~ '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$')
               FILTER (WHERE jsonb_typeof(value) = 'string') AS uuid,
             bool_and(value #>> '{}' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
               FILTER (WHERE jsonb_typeof(value) = 'string') AS date,
             bool_and(value #>> '{}' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$')
               FILTER (WHERE jsonb_typeof(value) = 'string') AS date_time,
             bool_and(value::text ~ '^-?[0-9]+$') FILTER (WHERE jsonb_typeof(value) = 'number') AS integral,
             bool_and(value::text ~ '^-?[0-9]{1,10}$' AND abs(value::text::numeric) < 2147483648)
               FILTER (WHERE jsonb_typeof(value) = 'number') AS int32,
             min(value #>> '{}') FILTER (WHERE jsonb_typeof(value) = 'string') AS example
      FROM walk WHERE depth > 0
      GROUP BY path, jsonb_typeof(value)
      """;

  /** One view to describe. */
  record Source(String schema, String relation, String dataColumn) {}

  private SchemaInit() {}

  /** Writes the SDL for the relations matching {@code patterns}, sampling {@code sample} rows of each. */
  static String generate(Connection connection, List<String> patterns, int sample) throws SQLException {
    List<String> notes = new ArrayList<>();
    Map<String, Source> sources = sources(connection, patterns, notes);
    Map<String, Node> roots = new LinkedHashMap<>();
    for (Map.Entry<String, Source> e : sources.entrySet()) {
      roots.put(e.getKey(), walk(connection, e.getValue(), sample));
    }
    return new Writer(sources, roots, notes, patterns, sample).write();
  }

  /** The relations with an id and a jsonb column, by type name; a tv_ table wins over a v_ view. */
  private static Map<String, Source> sources(Connection c, List<String> patterns, List<String> notes)
      throws SQLException {
    Map<String, Source> byType = new TreeMap<>();
    try (PreparedStatement st = c.prepareStatement(CATALOG)) {
      Array array = c.createArrayOf("text", patterns.toArray());
      st.setArray(1, array);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String schema = rs.getString(1);
          String relation = rs.getString(2);
          String[] json = (String[]) rs.getArray(3).getArray();
          boolean hasId = rs.getBoolean(4);
          String dataColumn = json.length == 1 ? json[0] : List.of(json).contains("data") ? "data" : null;
          String typeName = typeName(relation);
          if (!hasId) {
            notes.add(relation + ": skipped, it has no id column");
          } else if (dataColumn == null) {
            notes.add(relation + (json.length == 0 ? ": skipped, it has no jsonb column"
                : ": skipped, several jsonb columns and none is named data"));
          } else if (typeName == null) {
            notes.add(relation + ": skipped, its name gives no GraphQL type name");
          } else {
            Source previous = byType.get(typeName);
            Source source = new Source(schema, relation, dataColumn);
            if (previous == null || relation.startsWith("tv_") && !previous.relation().startsWith("tv_")) {
              byType.put(typeName, source);
              if (previous != null) {
                notes.add(previous.relation() + ": not used, " + relation + " gives the same type " + typeName);
              }
            } else {
              notes.add(relation + ": not used, " + previous.relation() + " gives the same type " + typeName);
            }
          }
        }
      }
      array.free();
    }
    return byType;
  }

  private static Node walk(Connection c, Source source, int sample) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    String sql = String.format(Locale.ROOT, WALK, pg.escapeIdentifier(source.dataColumn()),
        pg.escapeIdentifier(source.schema()) + "." + pg.escapeIdentifier(source.relation()));
    Node root = new Node();
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setInt(1, sample);
      st.setInt(2, MAX_DEPTH);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String[] path = (String[]) rs.getArray("path").getArray();
          Node node = root;
          for (String key : path) {
            node = node.child(key);
          }
          node.seen(rs.getString("type"), rs.getLong("ord"), flag(rs, "uuid"), flag(rs, "date"),
              flag(rs, "date_time"), flag(rs, "integral"), flag(rs, "int32"), rs.getString("example"));
        }
      }
    }
    return root;
  }

  private static boolean flag(ResultSet rs, String column) throws SQLException {
    boolean value = rs.getBoolean(column);
    return value && !rs.wasNull();
  }

  /** {@code v_user}, {@code tv_user} -> {@code User}; {@code v_blog_post} -> {@code BlogPost}. */
  static String typeName(String relation) {
    String pascal = pascalCase(VIEW_PREFIX.matcher(relation).replaceFirst(""));
    return GRAPHQL_NAME.matcher(pascal).matches() && !pascal.startsWith("__") ? pascal : null;
  }

  static String pascalCase(String snake) {
    String camel = camelCase(snake);
    return camel.isEmpty() ? camel : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
  }

  /** {@code full_name -> fullName}. */
  static String camelCase(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char ch = snake.charAt(i);
      if (ch == '_' && out.length() > 0) {
        upper = true;
      } else if (ch != '_') {
        out.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return out.toString();
  }

  /** English plural: +s; +es after s, x, z, ch, sh; consonant + y -> ies. */
  static String plural(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("z") || lower.endsWith("ch")
        || lower.endsWith("sh")) {
      return word + "es";
    }
    if (lower.length() > 1 && lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      return word.substring(0, word.length() - 1) + "ies";
    }
    return word + "s";
  }

  /** The inverse, for naming the element type of an array key: comments -> comment. */
  static String singular(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.endsWith("ies") && lower.length() > 3) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (lower.endsWith("ses") || lower.endsWith("xes") || lower.endsWith("zes") || lower.endsWith("ches")
        || lower.endsWith("shes")) {
      return word.substring(0, word.length() - 2);
    }
    if (lower.endsWith("s") && !lower.endsWith("ss") && lower.length() > 1) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /** A JSON key usable as a field: a GraphQL name whose camelCase maps back to the same key. */
  static boolean usableKey(String key) {
    String field = camelCase(key);
    return GRAPHQL_NAME.matcher(field).matches() && !field.startsWith("__") && Names.snakeCase(field).equals(key);
  }

  /** What the sample showed at one path. */
  static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();
    final Set<String> types = new LinkedHashSet<>();
    long ord = Long.MAX_VALUE;
    boolean uuid = true;
    boolean date = true;
    boolean dateTime = true;
    boolean integral = true;
    boolean int32 = true;
    String example;

    Node child(String key) {
      return children.computeIfAbsent(key, k -> new Node());
    }

    void seen(String type, long ord, boolean uuid, boolean date, boolean dateTime, boolean integral,
        boolean int32, String example) {
      this.ord = Math.min(this.ord, ord);
      if ("null".equals(type)) {
        return;
      }
      types.add(type);
      if ("string".equals(type)) {
        this.uuid = uuid;
        this.date = date;
        this.dateTime = dateTime;
        this.example = example;
      } else if ("number".equals(type)) {
        this.integral = integral;
        this.int32 = int32;
      }
    }

    /** The keys in the order PostgreSQL keeps them, {@code id} first. */
    List<Map.Entry<String, Node>> fields() {
      List<Map.Entry<String, Node>> out = new ArrayList<>(children.entrySet());
      out.sort((a, b) -> a.getKey().equals("id") ? -1 : b.getKey().equals("id") ? 1
          : Long.compare(a.getValue().ord, b.getValue().ord));
      return out;
    }
  }

  /** Renders the types: view types first, then the nested ones in the order they were named. */
  private static final class Writer {
    private final Map<String, Source> sources;
    private final Map<String, Node> roots;
    private final List<String> notes;
    private final List<String> patterns;
    private final int sample;
    /** Type name by shape, so equal shapes share one type (a view's type first). */
    private final Map<String, String> nameByShape = new HashMap<>();
    private final Map<String, String> bodies = new LinkedHashMap<>();
    private final Set<String> taken = new LinkedHashSet<>();

    Writer(Map<String, Source> sources, Map<String, Node> roots, List<String> notes, List<String> patterns, int sample) {
      this.sources = sources;
      this.roots = roots;
      this.notes = notes;
      this.patterns = patterns;
      this.sample = sample;
    }

    String write() {
      taken.addAll(sources.keySet());
      taken.add("Query");
      // the views claim their shapes before any nested object can
      for (Map.Entry<String, Node> e : roots.entrySet()) {
        nameByShape.putIfAbsent(shape(e.getValue()), e.getKey());
      }
      Map<String, String> viewBodies = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : roots.entrySet()) {
        viewBodies.put(e.getKey(), body(e.getKey(), e.getValue(), true));
      }
      StringBuilder sb = new StringBuilder();
      sb.append("# Generated by `fraiseql-server init` from the views matching ")
          .append(String.join(", ", patterns)).append(", ").append(sample).append(" rows sampled per view.\n")
          .append("# Every field but id is nullable: add ! where your views guarantee a value, and check\n")
          .append("# the types marked \"guessed\".\n");
      for (String note : notes) {
        sb.append("# ").append(note).append('\n');
      }
      for (Map.Entry<String, String> e : viewBodies.entrySet()) {
        Source s = sources.get(e.getKey());
        sb.append("\ntype ").append(e.getKey()).append(" @sqlSource(name: \"").append(s.relation()).append('"');
        if (!"data".equals(s.dataColumn())) {
          sb.append(", dataColumn: \"").append(s.dataColumn()).append('"');
        }
        sb.append(") {\n").append(e.getValue()).append("}\n");
      }
      for (Map.Entry<String, String> e : bodies.entrySet()) {
        sb.append("\ntype ").append(e.getKey()).append(" {\n").append(e.getValue()).append("}\n");
      }
      sb.append("\ntype Query {\n");
      if (sources.isEmpty()) {
        sb.append("  # no view with an id and a jsonb column matched ").append(String.join(", ", patterns)).append('\n')
            .append("  _empty: Boolean\n");
      }
      for (String type : sources.keySet()) {
        String single = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        sb.append("  ").append(plural(single)).append(": [").append(type).append("!]!\n")
            .append("  ").append(single).append("(id: ID!): ").append(type).append('\n');
      }
      return sb.append("}\n").toString();
    }

    /** The field lines of an object type; nested object types are named and rendered on the way. */
    private String body(String typeName, Node node, boolean view) {
      StringBuilder sb = new StringBuilder();
      if (view && !node.children.containsKey("id")) {
        sb.append("  id: ID  # guessed: no \"id\" key in the sample (fields are read from the jsonb column)\n");
      }
      for (Map.Entry<String, Node> f : node.fields()) {
        String key = f.getKey();
        if (!usableKey(key)) {
          sb.append("  # skipped key \"").append(key.replace("\"", "\\\"").replace("\n", " "))
              .append("\": fields map to snake_case keys\n");
          continue;
        }
        List<String> guesses = new ArrayList<>();
        String type = type(typeName, key, f.getValue(), guesses);
        if ("id".equals(key) && type.equals("ID") && f.getValue().types.size() == 1) {
          type = "ID!";
        }
        sb.append("  ").append(camelCase(key)).append(": ").append(type);
        if (!guesses.isEmpty()) {
          sb.append("  # ").append(String.join("; ", guesses));
        }
        sb.append('\n');
      }
      return sb.toString();
    }

    private String type(String parent, String key, Node node, List<String> guesses) {
      Set<String> types = node.types;
      if (types.isEmpty()) {
        guesses.add("guessed: only null in the sample");
        return "String";
      }
      if (types.size() > 1) {
        guesses.add("guessed: mixed " + String.join(" and ", types) + " values");
        return "JSON";
      }
      boolean identifier = key.equals("id") || key.endsWith("_id");
      switch (types.iterator().next()) {
        case "boolean":
          return "Boolean";
        case "number":
          if (identifier && node.integral) {
            return "ID";
          }
          if (node.int32) {
            return "Int";
          }
          if (node.integral) {
            guesses.add("guessed: integers beyond 32 bits");
            return "BigDecimal";
          }
          return "Float";
        case "string":
          if (identifier) {
            return "ID";
          }
          String example = node.example == null ? "" : " (e.g. " + node.example + ")";
          if (node.uuid) {
            guesses.add("guessed from the values" + example);
            return "UUID";
          }
          if (node.dateTime) {
            guesses.add("guessed from the values" + example);
            return "DateTime";
          }
          if (node.date) {
            guesses.add("guessed from the values" + example);
            return "Date";
          }
          return "String";
        case "object":
          if (node.children.isEmpty()) {
            guesses.add("guessed: only empty objects in the sample");
            return "JSON";
          }
          return objectType(parent + pascalCase(key), node);
        default: // array
          Node element = node.children.get("[]");
          if (element == null || element.types.isEmpty()) {
            guesses.add("guessed: " + (element == null ? "always empty" : "only nulls") + " in the sample");
            return "[String]";
          }
          if (element.types.contains("array")) {
            guesses.add("lists of lists are read as JSON");
            return "JSON";
          }
          String item = type(parent, singular(key), element, guesses);
          return "[" + item + (item.endsWith("!") ? "" : "!") + "]";
      }
    }

    private String objectType(String wanted, Node node) {
      String shape = shape(node);
      String name = nameByShape.get(shape);
      if (name != null) {
        return name;
      }
      name = wanted;
      for (int i = 2; taken.contains(name); i++) {
        name = wanted + i;
      }
      taken.add(name);
      nameByShape.put(shape, name);
      bodies.put(name, ""); // keeps the order of first mention
      bodies.put(name, body(name, node, false));
      return name;
    }

    /** The structure of an object: its keys with their JSON types, recursively. */
    private static String shape(Node node) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<String, Node> f : new TreeMap<>(node.children).entrySet()) {
        Node n = f.getValue();
        sb.append(f.getKey()).append(':').append(n.types).append(n.uuid).append(n.date).append(n.dateTime)
            .append(n.integral).append(n.int32);
        if (!n.children.isEmpty()) {
          sb.append(shape(n));
        }
        sb.append(',');
      }
      return sb.append('}').toString();
    }
  }
}
