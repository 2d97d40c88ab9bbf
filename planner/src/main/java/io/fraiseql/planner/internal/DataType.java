package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.Source;
import java.util.Map;

/**
 * An object type served from JSONB.
 *
 * @param name the GraphQL type name
 * @param source its {@code @sqlSource}, or {@code null} for types only embedded in others
 * @param fields the fields by GraphQL name, in declaration order
 */
public record DataType(String name, Source source, Map<String, DataField> fields) {
  public DataType {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
