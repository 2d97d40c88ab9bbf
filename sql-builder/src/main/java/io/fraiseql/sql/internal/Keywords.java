package io.fraiseql.sql.internal;

/** SQL keywords and punctuation, with the spaces around them, as constants. */
final class Keywords {
  static final String SELECT = "SELECT ";
  static final String FROM = " FROM ";
  static final String WHERE = " WHERE ";
  static final String ORDER_BY = " ORDER BY ";
  static final String GROUP_BY = " GROUP BY ";
  static final String HAVING = " HAVING ";
  static final String LIMIT = " LIMIT ";
  static final String OFFSET = " OFFSET ";
  static final String AND = " AND ";
  static final String OR = " OR ";
  static final String NOT = "NOT ";
  static final String TRUE = "TRUE";
  static final String FALSE = "FALSE";
  static final String IS_NULL = " IS NULL";
  static final String IS_NOT_NULL = " IS NOT NULL";
  /** {@code in} over one array parameter, closed by {@code )}. */
  static final String IN_ARRAY = " = ANY (";
  /** {@code nin} over one array parameter, closed by {@code )}. */
  static final String NOT_IN_ARRAY = " <> ALL (";
  static final String EQ = " = ";
  static final String NEQ = " <> ";
  static final String GT = " > ";
  static final String GTE = " >= ";
  static final String LT = " < ";
  static final String LTE = " <= ";
  static final String MATCHES = " ~ ";
  static final String IMATCHES = " ~* ";
  static final String NOT_MATCHES = " !~ ";
  static final String LIKE = " LIKE ";
  static final String ILIKE = " ILIKE ";
  /** The escape clause of literal LIKE patterns (see {@link WhereRenderer#escapeLike}). */
  static final String ESCAPE_BACKSLASH = " ESCAPE '\\'";
  static final String CAST = "CAST(";
  static final String AS = " AS ";
  static final String ASC = " ASC";
  static final String DESC = " DESC";
  static final String ASC_NULLS_FIRST = " ASC NULLS FIRST";
  static final String ASC_NULLS_LAST = " ASC NULLS LAST";
  static final String DESC_NULLS_FIRST = " DESC NULLS FIRST";
  static final String DESC_NULLS_LAST = " DESC NULLS LAST";
  static final String LIST_SEPARATOR = ", ";
  /** JSONB field access giving {@code jsonb}. */
  static final String JSON_GET = "->";
  /** JSONB field access giving {@code text}. */
  static final String JSON_GET_TEXT = "->>";
  static final String TYPE_CAST = "::";

  /** The alias of the source relation in every statement. */
  static final String TABLE_ALIAS = "t";

  private Keywords() {}
}
