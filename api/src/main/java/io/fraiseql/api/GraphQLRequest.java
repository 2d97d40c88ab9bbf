package io.fraiseql.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One GraphQL request.
 *
 * @param query the document text
 * @param operationName the operation to run, or {@code null} when the document has one
 * @param variables raw variable values (JSON types: String, Number, Boolean, null, List, Map)
 * @param attributes request context for session-variable providers (for example HTTP headers by
 *     lowercase name); never sent to the database unless a provider maps them
 */
public record GraphQLRequest(
    String query, String operationName, Map<String, Object> variables, Map<String, String> attributes) {

  /** The classes of {@code Map.of(...)}: already immutable, so kept as they are. */
  private static final java.util.Set<Class<?>> IMMUTABLE =
      new java.util.HashSet<>(java.util.List.of(Map.of("k", 1).getClass(), Map.of("k", 1, "l", 2).getClass()));

  public GraphQLRequest {
    Objects.requireNonNull(query, "query");
    variables = variables == null || variables.isEmpty() ? Map.of()
        : IMMUTABLE.contains(variables.getClass()) ? variables
        : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public static GraphQLRequest of(String query) {
    return new GraphQLRequest(query, null, Map.of(), Map.of());
  }

  public static GraphQLRequest of(String query, Map<String, Object> variables) {
    return new GraphQLRequest(query, null, variables, Map.of());
  }

  /** A copy with request attributes (for session-variable providers). */
  public GraphQLRequest withAttributes(Map<String, String> attrs) {
    return new GraphQLRequest(query, operationName, variables, attrs);
  }
}
