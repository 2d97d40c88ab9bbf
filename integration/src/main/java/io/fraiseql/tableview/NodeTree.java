package io.fraiseql.tableview;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for PostgreSQL's {@code pg_node_tree} text (the stored query of a view in {@code
 * pg_rewrite.ev_action}): {@code {QUERY :commandType 1 :rtable ({RANGETBLENTRY ...}) ...}}.
 *
 * <p>The text is what PostgreSQL's {@code outfuncs.c} writes and its {@code read.c} reads back: a
 * node is {@code {TYPE :field value ...}}, a list is {@code (...)}, {@code <>} is an empty value,
 * and a backslash escapes the next character of a token. A value is every item up to the next
 * {@code :field} (a constant's {@code 4 [ 1 0 0 0 ]}, for instance, is a list of tokens). Field
 * names vary between major versions; readers of the tree ask for fields by name and treat a
 * missing one as unknown, never as a default.
 */
final class NodeTree {
  private final String text;
  private int pos;

  private NodeTree(String text) {
    this.text = text;
  }

  /** A node: its type ({@code QUERY}, {@code VAR}...) and its fields in the order written. */
  record Node(String type, Map<String, Object> fields) {
    /** A field's value: a token, a {@link Node}, a list, or null for {@code <>} or a missing field. */
    Object get(String field) {
      return fields.get(field);
    }

    /** A field holding one node, or null. */
    Node node(String field) {
      return fields.get(field) instanceof Node n ? n : null;
    }

    /** A field holding a list (of nodes or tokens); empty when absent or {@code <>}. */
    List<Object> list(String field) {
      Object v = fields.get(field);
      if (v instanceof List<?> l) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) l;
        return list;
      }
      return List.of();
    }

    /** A field holding one token, or null. */
    String token(String field) {
      return fields.get(field) instanceof String s ? s : null;
    }

    /** A field holding an integer token; {@code fallback} when absent or not a number. */
    long number(String field, long fallback) {
      String s = token(field);
      if (s == null) {
        return fallback;
      }
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    boolean is(String t) {
      return type.equals(t);
    }
  }

  /**
   * Parses a whole tree: a node, or a list of nodes (a rule's actions are a list of queries).
   *
   * @throws IllegalArgumentException if the text is not a node tree
   */
  static Object parse(String text) {
    NodeTree reader = new NodeTree(text);
    Object value = reader.item();
    reader.skipSpace();
    if (reader.pos != text.length()) {
      throw reader.error("text after the end of the tree");
    }
    return value;
  }

  private Object item() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of the tree");
    }
    char c = text.charAt(pos);
    if (c == '{') {
      pos++;
      return node();
    }
    if (c == '(') {
      pos++;
      List<Object> items = new ArrayList<>();
      while (true) {
        skipSpace();
        if (pos >= text.length()) {
          throw error("unterminated list");
        }
        if (text.charAt(pos) == ')') {
          pos++;
          return Collections.unmodifiableList(items);
        }
        items.add(item());
      }
    }
    String token = token();
    return token.equals("<>") ? null : token;
  }

  private Node node() {
    skipSpace();
    String type = token();
    Map<String, Object> fields = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (pos >= text.length()) {
        throw error("unterminated node " + type);
      }
      char c = text.charAt(pos);
      if (c == '}') {
        pos++;
        return new Node(type, Collections.unmodifiableMap(fields));
      }
      if (c != ':') {
        throw error("expected a field of " + type);
      }
      String name = token().substring(1);
      List<Object> values = new ArrayList<>();
      while (true) {
        skipSpace();
        if (pos >= text.length()) {
          throw error("unterminated node " + type);
        }
        char d = text.charAt(pos);
        if (d == '}' || d == ':') {
          break;
        }
        values.add(item());
      }
      fields.put(name, values.isEmpty() ? null : values.size() == 1 ? values.get(0) : Collections.unmodifiableList(values));
    }
  }

  /** One token: up to whitespace or a delimiter; a backslash takes the next character as is. */
  private String token() {
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '{' || c == '}') {
        break;
      }
      if (c == '\\' && pos + 1 < text.length()) {
        pos++;
        c = text.charAt(pos);
      }
      sb.append(c);
      pos++;
    }
    if (sb.length() == 0) {
      throw error("expected a token");
    }
    return sb.toString();
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("Cannot read the view's stored query: " + what + " at character " + pos);
  }
}
