package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.Parameter;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import java.util.List;

/**
 * Renders a {@link Where} tree. Null semantics are SQL's: comparisons with a NULL value (an absent
 * key or a JSON null) are unknown and never match, and {@code NOT} keeps unknown unknown. Inside
 * a {@code NOT} every operator answers unknown for a null value (see {@link
 * RenderContext#negated()}), so negation never turns a null row into a match.
 */
final class WhereRenderer {
  private static final char ESCAPE = '\\';
  private static final char ANY = '%';
  private static final char ONE = '_';

  private WhereRenderer() {}

  /** Renders one node; And and Or nodes render in parentheses. */
  static void render(RenderContext ctx, Source source, Where where) {
    if (where instanceof Where.And and) {
      junction(ctx, source, and.children(), Keywords.AND, Keywords.TRUE);
    } else if (where instanceof Where.Or or) {
      junction(ctx, source, or.children(), Keywords.OR, Keywords.FALSE);
    } else if (where instanceof Where.Not not) {
      not(ctx, source, not.child());
    } else if (where instanceof Where.IsNull isNull) {
      FieldRenderer.text(ctx, source, isNull.field());
      ctx.sql(isNull.isNull() ? Keywords.IS_NULL : Keywords.IS_NOT_NULL);
    } else if (where instanceof Where.Compare compare) {
      compare(ctx, source, compare);
    } else if (where instanceof Where.ListCompare list) {
      ListRenderer.list(ctx, source, list);
    } else if (where instanceof Where.JsonCompare json) {
      ListRenderer.json(ctx, source, json);
    } else if (where instanceof Where.Quantified q) {
      ListRenderer.quantified(ctx, source, q);
    } else {
      // Unreachable while Where is sealed; kept so a new node fails loudly, not silently.
      throw new IllegalArgumentException("unsupported where node: " + where);
    }
  }

  private static void junction(
      RenderContext ctx, Source source, List<Where> children, String separator, String empty) {
    if (children.isEmpty()) {
      ctx.sql(empty);
      return;
    }
    ctx.sql('(');
    for (int i = 0; i < children.size(); i++) {
      if (i > 0) {
        ctx.sql(separator);
      }
      render(ctx, source, children.get(i));
    }
    ctx.sql(')');
  }

  private static void not(RenderContext ctx, Source source, Where child) {
    ctx.sql(Keywords.NOT);
    ctx.negate(1);
    if (selfParenthesized(child)) {
      render(ctx, source, child);
    } else {
      ctx.sql('(');
      render(ctx, source, child);
      ctx.sql(')');
    }
    ctx.negate(-1);
  }

  private static boolean selfParenthesized(Where where) {
    return (where instanceof Where.And and && !and.children().isEmpty())
        || (where instanceof Where.Or or && !or.children().isEmpty());
  }

  private static void compare(RenderContext ctx, Source source, Where.Compare compare) {
    Object value = compare.value();
    switch (compare.op()) {
      case EQ -> binary(ctx, source, compare, Keywords.EQ);
      case NEQ -> binary(ctx, source, compare, Keywords.NEQ);
      case GT -> binary(ctx, source, compare, Keywords.GT);
      case GTE -> binary(ctx, source, compare, Keywords.GTE);
      case LT -> binary(ctx, source, compare, Keywords.LT);
      case LTE -> binary(ctx, source, compare, Keywords.LTE);
      case IN -> in(ctx, source, compare, (List<?>) value, false);
      case NIN -> in(ctx, source, compare, (List<?>) value, true);
      case CONTAINS -> literalLike(ctx, source, compare, Keywords.LIKE, true, true);
      case ICONTAINS -> literalLike(ctx, source, compare, Keywords.ILIKE, true, true);
      case STARTSWITH -> literalLike(ctx, source, compare, Keywords.LIKE, false, true);
      case ISTARTSWITH -> literalLike(ctx, source, compare, Keywords.ILIKE, false, true);
      case ENDSWITH -> literalLike(ctx, source, compare, Keywords.LIKE, true, false);
      case IENDSWITH -> literalLike(ctx, source, compare, Keywords.ILIKE, true, false);
      case LIKE -> stringOp(ctx, source, compare, Keywords.LIKE);
      case ILIKE -> stringOp(ctx, source, compare, Keywords.ILIKE);
      case MATCHES -> stringOp(ctx, source, compare, Keywords.MATCHES);
      case IMATCHES -> stringOp(ctx, source, compare, Keywords.IMATCHES);
      case NOT_MATCHES -> stringOp(ctx, source, compare, Keywords.NOT_MATCHES);
      default -> throw new IllegalArgumentException("unsupported operator: " + compare.op());
    }
  }

  private static void binary(
      RenderContext ctx, Source source, Where.Compare compare, String operator) {
    if (compare.value() instanceof List<?>) {
      throw new IllegalArgumentException(compare.op() + " needs a single value, not a list");
    }
    FieldRenderer.typed(ctx, source, compare.field());
    ctx.sql(operator).bind(compare.value());
  }

  /**
   * {@code x = ANY(<one array parameter>)}, or {@code x <> ALL(...)} for {@code nin}: one bind
   * value however long the list, so no list runs into the protocol's 65,535-parameter limit.
   * An empty list never matches, and {@code nin: []} matches every non-null value; both are
   * unknown for a null value.
   */
  private static void in(
      RenderContext ctx, Source source, Where.Compare compare, List<?> values, boolean negated) {
    if (values.isEmpty()) {
      ctx.sql("(CASE WHEN ");
      FieldRenderer.text(ctx, source, compare.field());
      ctx.sql(Keywords.IS_NOT_NULL).sql(" THEN ").sql(negated ? Keywords.TRUE : Keywords.FALSE).sql(" END)");
      return;
    }
    FieldRenderer.typed(ctx, source, compare.field());
    ctx.sql(negated ? Keywords.NOT_IN_ARRAY : Keywords.IN_ARRAY).bindArray(values).sql(')');
  }

  private static void literalLike(
      RenderContext ctx,
      Source source,
      Where.Compare compare,
      String operator,
      boolean anyBefore,
      boolean anyAfter) {
    stringValue(compare);
    Object pattern = Parameter.map(compare.value(), text -> pattern((String) text, anyBefore, anyAfter));
    FieldRenderer.text(ctx, source, compare.field());
    ctx.sql(operator).bind(pattern).sql(Keywords.ESCAPE_BACKSLASH);
  }

  private static String pattern(String text, boolean anyBefore, boolean anyAfter) {
    StringBuilder pattern = new StringBuilder(text.length() + 4);
    if (anyBefore) {
      pattern.append(ANY);
    }
    pattern.append(escapeLike(text));
    if (anyAfter) {
      pattern.append(ANY);
    }
    return pattern.toString();
  }

  private static void stringOp(
      RenderContext ctx, Source source, Where.Compare compare, String operator) {
    stringValue(compare);
    FieldRenderer.text(ctx, source, compare.field());
    ctx.sql(operator).bind(compare.value());
  }

  /** Checks that the value (a parameter's sample) is a String. */
  private static void stringValue(Where.Compare compare) {
    if (!(Parameter.sampleOf(compare.value()) instanceof String)) {
      throw new IllegalArgumentException(
          compare.op() + " needs a String value, not " + Parameter.sampleOf(compare.value()).getClass().getName());
    }
  }

  /**
   * Escapes the LIKE metacharacters {@code \ % _} of a literal with a backslash, the escape
   * character declared by {@code ESCAPE '\'}.
   */
  static String escapeLike(String literal) {
    StringBuilder out = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == ESCAPE || c == ANY || c == ONE) {
        out.append(ESCAPE);
      }
      out.append(c);
    }
    return out.toString();
  }
}
