package io.fraiseql.planner;

import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaPrinter;
import io.fraiseql.planner.internal.SchemaLoader;
import java.util.Objects;
import java.util.Set;

/**
 * A FraiseQL SDL, checked and augmented with the generated inputs, ready for planning. Immutable
 * and thread-safe.
 */
public final class FraiseSchema {
  private final SchemaLoader.Loaded loaded;

  private FraiseSchema(SchemaLoader.Loaded loaded) {
    this.loaded = loaded;
  }

  /**
   * Loads an SDL. Flat columns and id types come from {@code catalog}.
   *
   * @throws SchemaException naming the type and field when the SDL cannot be served
   */
  public static FraiseSchema load(String sdl, Catalog catalog) {
    Objects.requireNonNull(sdl, "sdl");
    Objects.requireNonNull(catalog, "catalog");
    return new FraiseSchema(SchemaLoader.load(sdl, catalog));
  }

  /** The augmented graphql-java schema (validation, introspection). */
  public GraphQLSchema graphQLSchema() {
    return loaded.schema();
  }

  /** The relations named by {@code @sqlSource} and the mutation tables, for reading the catalog. */
  public static Set<String> sourceRelations(String sdl) {
    return SchemaLoader.load(sdl, Catalog.unknown()).relations();
  }

  /** The augmented schema as SDL, with the generated inputs. */
  public String print() {
    return new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(false))
        .print(loaded.schema());
  }

  /** Whether a root field is a Relay connection (its cursors need a secret). */
  public boolean hasConnections() {
    return loaded.roots().values().stream().anyMatch(r -> r.connection());
  }

  SchemaLoader.Loaded loaded() {
    return loaded;
  }
}
