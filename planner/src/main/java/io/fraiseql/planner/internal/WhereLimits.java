package io.fraiseql.planner.internal;

import io.fraiseql.api.Limits;
import io.fraiseql.api.plan.Parameter;
import io.fraiseql.api.plan.Where;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the filters of one request may ask of the database, checked on the finished plan (so
 * values from variables and conditions inside {@code AND/OR/NOT} and {@code some/every/none}
 * count as well): at most {@link Limits#maxPatternOperators()} pattern operators ({@code like
 * ilike matches imatches notMatches}), each pattern at most {@link Limits#maxPatternLength()}
 * characters, and no statement needing more bind values than PostgreSQL's protocol carries.
 */
public final class WhereLimits {
  /** The most bind values one statement may have (the protocol counts them in 16 bits). */
  public static final int MAX_BIND_VALUES = 65_535;
  /** Bind values a statement may need besides its filter: limit, offset, id. */
  private static final int OTHER_BIND_VALUES = 3;

  private WhereLimits() {}

  /**
   * The problem with the filters of a request, one per statement (null entries are statements
   * without a filter), or null when they are within the limits.
   */
  public static String check(List<Where> filters, Limits limits) {
    int patterns = 0;
    for (Where filter : filters) {
      if (filter == null) {
        continue;
      }
      List<Where> leaves = leaves(filter);
      for (Where w : leaves) {
        if (w instanceof Where.Compare c && isPattern(c.op())) {
          patterns++;
          // a template's parameter is checked with its sample here, and each request's own
          // pattern by patternParameters (see Planner)
          int length = ((String) Parameter.sampleOf(c.value())).length();
          if (length > limits.maxPatternLength()) {
            return "A pattern of " + name(c.op()) + " is " + length + " characters long; the limit is "
                + limits.maxPatternLength();
          }
        }
      }
      int values = leaves.size(); // every leaf binds at most one value (an in list is one array)
      if (values + OTHER_BIND_VALUES > MAX_BIND_VALUES) {
        return "A filter has " + values + " conditions; one statement takes at most "
            + (MAX_BIND_VALUES - OTHER_BIND_VALUES) + " (use in: [...] for long lists of values)";
      }
    }
    if (patterns > limits.maxPatternOperators()) {
      return "The request has " + patterns + " pattern operators (like, ilike, matches, imatches, notMatches);"
          + " the limit is " + limits.maxPatternOperators();
    }
    return null;
  }

  /**
   * The indexes of the {@link Parameter}s that are patterns of pattern operators in a plan
   * template's filters: each request's value there must be checked against {@link
   * Limits#maxPatternLength()} like a pattern given as a literal.
   */
  public static int[] patternParameters(List<Where> filters) {
    List<Integer> out = new ArrayList<>();
    for (Where filter : filters) {
      if (filter == null) {
        continue;
      }
      for (Where w : leaves(filter)) {
        if (w instanceof Where.Compare c && isPattern(c.op()) && c.value() instanceof Parameter p) {
          out.add(p.index());
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The conditions of a filter below its AND, OR, NOT and some/every/none. */
  private static List<Where> leaves(Where filter) {
    List<Where> out = new ArrayList<>();
    Deque<Where> todo = new ArrayDeque<>();
    todo.push(filter);
    while (!todo.isEmpty()) {
      Where w = todo.pop();
      if (w instanceof Where.And and) {
        and.children().forEach(todo::push);
      } else if (w instanceof Where.Or or) {
        or.children().forEach(todo::push);
      } else if (w instanceof Where.Not not) {
        todo.push(not.child());
      } else if (w instanceof Where.Quantified q) {
        todo.push(q.condition());
      } else {
        out.add(w);
      }
    }
    return out;
  }

  static boolean isPattern(Where.Op op) {
    return switch (op) {
      case LIKE, ILIKE, MATCHES, IMATCHES, NOT_MATCHES -> true;
      default -> false;
    };
  }

  private static String name(Where.Op op) {
    return switch (op) {
      case LIKE -> "like";
      case ILIKE -> "ilike";
      case MATCHES -> "matches";
      case IMATCHES -> "imatches";
      default -> "notMatches";
    };
  }
}
