package io.fraiseql.sql.internal;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state of one rendering: the SQL text being written, the bind values in order, and the bind
 * style. Every renderer writes through this object, so identifiers are quoted by exactly one
 * function ({@link #identifier}), string literals by exactly one ({@link #literal}), and values
 * become parameters in exactly one place ({@link #bind}).
 *
 * <p>The text never contains a {@code ?} outside of the parameter placeholders of {@link
 * BindStyle#QUESTION_MARK}: an identifier or literal holding one is written in PostgreSQL's
 * Unicode-escape form ({@code U&"..."}, {@code U&'...'}) with the {@code ?} as {@code \003F}.
 *
 * <p>Not thread-safe; one instance per statement.
 */
public final class RenderContext {
  private static final char QUESTION_MARK = '?';
  private static final String UNICODE_QUESTION_MARK = "\\003F";

  private final BindStyle bindStyle;
  private final StringBuilder sql = new StringBuilder(256);
  private final List<Object> params = new ArrayList<>();
  private String jsonBase;
  private int aliases;
  private int negations;

  /** Starts an empty statement in the given bind style. */
  public RenderContext(BindStyle bindStyle) {
    this.bindStyle = Objects.requireNonNull(bindStyle, "bindStyle");
  }

  /** The bind style of this statement. */
  public BindStyle bindStyle() {
    return bindStyle;
  }

  /** Appends SQL text verbatim: keywords, operators and punctuation only, never a value. */
  public RenderContext sql(String text) {
    sql.append(text);
    return this;
  }

  /** Appends one character of SQL verbatim. */
  public RenderContext sql(char c) {
    sql.append(c);
    return this;
  }

  /**
   * Appends a quoted identifier: {@code "name"}, with every {@code "} doubled.
   *
   * @throws IllegalArgumentException if the name is null, empty or holds a NUL character
   */
  public RenderContext identifier(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("identifier must not be empty");
    }
    quote(name, '"', "identifier");
    return this;
  }

  /**
   * Appends a possibly schema-qualified relation name: each dot-separated part is quoted on its
   * own, so {@code public.v_user} becomes {@code "public"."v_user"}.
   */
  public RenderContext qualifiedName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("relation name must not be empty");
    }
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      if (dot < 0) {
        identifier(name.substring(start));
        return this;
      }
      identifier(name.substring(start, dot));
      sql.append('.');
      start = dot + 1;
    }
  }

  /**
   * Appends a string literal (a JSONB key): {@code 'text'}, with every {@code '} doubled. Relies
   * on {@code standard_conforming_strings = on}, PostgreSQL's default since 9.1.
   *
   * @throws IllegalArgumentException if the text is null or holds a NUL character
   */
  public RenderContext literal(String text) {
    if (text == null) {
      throw new IllegalArgumentException("literal must not be null");
    }
    quote(text, '\'', "literal");
    return this;
  }

  /**
   * Appends a bind parameter for the value, cast to the type of its Java class: {@code CAST(? AS
   * integer)} or {@code CAST($3 AS integer)}. A {@link io.fraiseql.api.plan.Parameter} is kept as
   * the bind value (the statement is then a template) and typed by its sample.
   *
   * @throws IllegalArgumentException if the value's class has no bind type (see {@link
   *     BindTypes})
   */
  public RenderContext bind(Object value) {
    String type = BindTypes.sqlTypeOf(io.fraiseql.api.plan.Parameter.sampleOf(value));
    params.add(value);
    sql.append(Keywords.CAST)
        .append(placeholder(bindStyle, params.size()))
        .append(Keywords.AS)
        .append(type)
        .append(')');
    return this;
  }

  /**
   * Appends one bind parameter holding the values as a PostgreSQL array literal, cast to an array
   * of their SQL type: {@code CAST(CAST(? AS text) AS integer[])}. However many values there are,
   * the statement gets one parameter, a {@code String}, which every driver binds alike (and fast:
   * no driver's array codec is involved).
   *
   * @throws IllegalArgumentException if the list is empty, holds a null, or mixes Java classes
   */
  public RenderContext bindArray(List<?> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an array parameter needs at least one value");
    }
    // a template's elements are parameters: their samples decide the type (every request's
    // values have the samples' classes), and the literal is made per request
    Object first = io.fraiseql.api.plan.Parameter.sampleOf(values.get(0));
    if (first == null) {
      throw new IllegalArgumentException("array values must be non-null and of one class");
    }
    Class<?> type = first.getClass();
    String elementType = BindTypes.sqlTypeOf(first);
    for (Object v : values) {
      Object sample = io.fraiseql.api.plan.Parameter.sampleOf(v);
      if (sample == null || sample.getClass() != type) {
        throw new IllegalArgumentException("array values must be non-null and of one class: " + type.getName());
      }
    }
    sql.append(Keywords.CAST);
    bind(io.fraiseql.api.plan.Parameter.combine(values, RenderContext::arrayLiteral));
    sql.append(Keywords.AS).append(elementType).append("[])");
    return this;
  }

  /** The PostgreSQL array literal of non-null values. */
  private static String arrayLiteral(List<Object> values) {
    StringBuilder literal = new StringBuilder(values.size() * 8 + 2).append('{');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        literal.append(',');
      }
      arrayElement(literal, values.get(i).toString());
    }
    return literal.append('}').toString();
  }

  /** One element of an array literal, always double-quoted, with {@code "} and {@code \} escaped. */
  private static void arrayElement(StringBuilder literal, String text) {
    literal.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        literal.append('\\');
      }
      literal.append(c);
    }
    literal.append('"');
  }

  /**
   * Appends a jsonb operator that contains a {@code ?} ({@code ?}, {@code ?|}, {@code ?&}),
   * spelled {@code ??} for JDBC, whose driver turns it back into one {@code ?}. The operators,
   * unlike the equivalent functions, let PostgreSQL use a GIN index.
   */
  public RenderContext questionOperator(String operator) {
    if (operator.indexOf(QUESTION_MARK) != 0) {
      throw new IllegalArgumentException("not a question-mark operator: " + operator);
    }
    sql.append(' ');
    if (bindStyle == BindStyle.QUESTION_MARK) {
      sql.append(QUESTION_MARK);
    }
    sql.append(operator).append(' ');
    return this;
  }

  /**
   * The SQL expression JSONB paths start from inside a {@code some/every/none} subquery (the
   * current list element), or {@code null} at the row level, where they start from the source's
   * data column.
   */
  String jsonBase() {
    return jsonBase;
  }

  /** Enters a list-element scope; returns the previous base, to restore with {@link #leave}. */
  String enterElement(String alias) {
    String previous = jsonBase;
    jsonBase = alias + ".v";
    return previous;
  }

  void leave(String previous) {
    jsonBase = previous;
  }

  /**
   * True inside a {@code NOT}: there an operator must answer NULL (unknown), not false, for a
   * null or JSON-null value, since negation tells the two apart. Elsewhere false and unknown both
   * drop the row, and operators keep their plain, index-friendly form.
   */
  boolean negated() {
    return negations > 0;
  }

  /** Enters ({@code +1}) or leaves ({@code -1}) a {@code NOT}. */
  void negate(int delta) {
    negations += delta;
  }

  /**
   * Enters the condition of a {@code some/every/none} subquery, where the row-level negation does
   * not reach (the subquery's WHERE drops false and unknown alike); returns the count to restore
   * with {@link #restoreNegations}.
   */
  int enterSubquery() {
    int previous = negations;
    negations = 0;
    return previous;
  }

  void restoreNegations(int previous) {
    negations = previous;
  }

  /** A fresh alias for a list element: {@code e1}, {@code e2}, ... */
  String newAlias() {
    return "e" + (++aliases);
  }

  /** The statement written so far. */
  public SqlStatement toStatement() {
    return new SqlStatement(sql.toString(), params);
  }

  /** The statement written so far, known to return at most {@code maxRows} rows. */
  public SqlStatement toStatement(int maxRows) {
    return new SqlStatement(sql.toString(), params, maxRows);
  }

  /**
   * The placeholder of the parameter at a 1-based position: {@code ?} or {@code $index}.
   *
   * @throws IllegalArgumentException if the index is less than 1
   */
  public static String placeholder(BindStyle style, int index) {
    if (index < 1) {
      throw new IllegalArgumentException("parameter index starts at 1: " + index);
    }
    return switch (style) {
      case QUESTION_MARK -> "?";
      case DOLLAR_NUMBERED -> "$" + index;
    };
  }

  private void quote(String text, char quote, String what) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " must not contain a NUL character");
    }
    boolean unicode = text.indexOf(QUESTION_MARK) >= 0;
    if (unicode) {
      sql.append("U&");
    }
    sql.append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote) {
        sql.append(quote).append(quote);
      } else if (unicode && c == QUESTION_MARK) {
        sql.append(UNICODE_QUESTION_MARK);
      } else if (unicode && c == '\\') {
        sql.append("\\\\");
      } else {
        sql.append(c);
      }
    }
    sql.append(quote);
  }
}
