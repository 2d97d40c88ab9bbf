package io.fraiseql.api;

/**
 * Request limits, checked before any SQL runs. Over a limit is a {@code BAD_USER_INPUT} error.
 *
 * @param maxQueryLength characters in the query text (default 100,000)
 * @param maxDepth nesting depth of the selection, root fields being depth 1 (default 15)
 * @param maxRootFields root fields in one operation (default 20)
 * @param maxFields fields in one operation after fragments are expanded (default 2,000)
 */
public record Limits(int maxQueryLength, int maxDepth, int maxRootFields, int maxFields) {
  public static final Limits DEFAULTS = new Limits(100_000, 15, 20, 2_000);

  public Limits {
    if (maxQueryLength < 1 || maxDepth < 1 || maxRootFields < 1 || maxFields < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
