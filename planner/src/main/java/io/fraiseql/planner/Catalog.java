package io.fraiseql.planner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The flat columns of the database's relations, read once at startup. Filters and ordering use a
 * source's flat column when it has one of the field's snake_case name, so PostgreSQL can push
 * them into the base tables and use their indexes.
 */
public final class Catalog {
  private static final Catalog UNKNOWN = new Catalog(Map.of(), false);

  private final Map<String, Map<String, String>> relations;
  private final boolean complete;

  private Catalog(Map<String, Map<String, String>> relations, boolean complete) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    relations.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.relations = Collections.unmodifiableMap(copy);
    this.complete = complete;
  }

  /**
   * A catalog read from the database: relation name (as written in {@code @sqlSource}, plain or
   * schema-qualified) to its columns (name to {@code format_type} text). A source missing from it
   * is a startup error.
   */
  public static Catalog of(Map<String, Map<String, String>> relations) {
    return new Catalog(Objects.requireNonNull(relations), true);
  }

  /**
   * No catalog: every source is accepted, none has flat columns, and ids compare as text. For
   * planning without a database (tests, tools).
   */
  public static Catalog unknown() {
    return UNKNOWN;
  }

  /** The columns of a relation, or {@code null} when the catalog does not know it. */
  public Map<String, String> columns(String relation) {
    return relations.get(relation);
  }

  /** True when every source must be found in this catalog. */
  public boolean complete() {
    return complete;
  }
}
