package io.fraiseql.api.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a response's {@code errors} array, serialized as
 * {@code {"message", "locations", "path", "extensions": {"code", ...extra}}}. {@code locations}
 * and {@code path} are left out when empty.
 *
 * @param message client-safe text (never SQL, bind values or connection details)
 * @param locations line/column pairs in the request document
 * @param path response keys (String) and list indexes (Integer) leading to the field
 * @param code the value of {@code extensions.code}
 * @param extensions more {@code extensions} entries after {@code code}, in order (values: String,
 *     Number, Boolean or null)
 */
public record GraphQLErrorEntry(
    String message,
    List<Location> locations,
    List<Object> path,
    ErrorCode code,
    Map<String, Object> extensions) {

  public GraphQLErrorEntry {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(code, "code");
    locations = List.copyOf(locations);
    path = List.copyOf(path);
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  public static GraphQLErrorEntry of(ErrorCode code, String message, List<Object> path) {
    return new GraphQLErrorEntry(message, List.of(), path, code, Map.of());
  }

  /**
   * An error for a field from an engine exception, with its constraint and column when known, and
   * its SQLSTATE for database and input errors (a constraint's code already says what happened).
   */
  public static GraphQLErrorEntry of(FraiseQLException e, List<Location> locations, List<Object> path) {
    Map<String, Object> ext = new LinkedHashMap<>();
    if (e.constraint() != null) {
      ext.put("constraint", e.constraint());
    }
    if (e.column() != null) {
      ext.put("column", e.column());
    }
    if (e.sqlState() != null && (e.code() == ErrorCode.DATABASE_ERROR || e.code() == ErrorCode.BAD_USER_INPUT)) {
      ext.put("sqlState", e.sqlState());
    }
    return new GraphQLErrorEntry(e.getMessage(), locations, path, e.code(), ext);
  }

  /** A position in the request document, 1-based. */
  public record Location(int line, int column) {}
}
