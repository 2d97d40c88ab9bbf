package io.fraiseql.api;

/**
 * Request limits, checked before any SQL runs. Over a limit is a {@code BAD_USER_INPUT} error.
 *
 * <p>The four-argument constructor of earlier versions still works and keeps the default pattern
 * limits; {@link #withPatternLimits} changes those.
 *
 * @param maxQueryLength characters in the query text (default 100,000)
 * @param maxDepth nesting depth of the selection, root fields being depth 1 (default 15)
 * @param maxRootFields root fields in one operation (default 20)
 * @param maxFields fields in one operation after fragments are expanded (default 2,000)
 * @param maxPatternOperators pattern operators ({@code like ilike matches imatches notMatches})
 *     in one request, counted over every root field, {@code AND}/{@code OR}/{@code NOT},
 *     {@code some}/{@code every}/{@code none} and values from variables (default 20)
 * @param maxPatternLength characters in one pattern of those operators (default 1,000)
 */
public record Limits(
    int maxQueryLength, int maxDepth, int maxRootFields, int maxFields, int maxPatternOperators,
    int maxPatternLength) {

  /** The default number of pattern operators in one request. */
  public static final int DEFAULT_MAX_PATTERN_OPERATORS = 20;
  /** The default length of one pattern, in characters. */
  public static final int DEFAULT_MAX_PATTERN_LENGTH = 1_000;

  public static final Limits DEFAULTS = new Limits(100_000, 15, 20, 2_000);

  /**
   * @throws IllegalArgumentException if a limit is below 1 ({@code maxPatternOperators} may be 0:
   *     no pattern operator at all)
   */
  public Limits {
    if (maxQueryLength < 1 || maxDepth < 1 || maxRootFields < 1 || maxFields < 1 || maxPatternLength < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxPatternOperators < 0) {
      throw new IllegalArgumentException("maxPatternOperators must not be negative");
    }
  }

  /** Limits with the default pattern limits. */
  public Limits(int maxQueryLength, int maxDepth, int maxRootFields, int maxFields) {
    this(maxQueryLength, maxDepth, maxRootFields, maxFields, DEFAULT_MAX_PATTERN_OPERATORS,
        DEFAULT_MAX_PATTERN_LENGTH);
  }

  /** A copy with other pattern limits. */
  public Limits withPatternLimits(int maxOperators, int maxLength) {
    return new Limits(maxQueryLength, maxDepth, maxRootFields, maxFields, maxOperators, maxLength);
  }
}
