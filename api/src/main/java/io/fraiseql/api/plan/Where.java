package io.fraiseql.api.plan;

import java.util.List;
import java.util.Objects;

/** The WHERE tree of a query: immutable, built by the planner, rendered by the SQL builder. */
public sealed interface Where {

  /** All children must hold; an empty list is true. */
  record And(List<Where> children) implements Where {
    public And {
      children = List.copyOf(children);
    }
  }

  /** Any child must hold; an empty list is false. */
  record Or(List<Where> children) implements Where {
    public Or {
      children = List.copyOf(children);
    }
  }

  /** SQL negation (three-valued: NOT of unknown stays unknown). */
  record Not(Where child) implements Where {
    public Not {
      Objects.requireNonNull(child, "child");
    }
  }

  /**
   * A comparison of one field with a value. {@code value} is already coerced to the Java type
   * matching {@link FieldRef#kind()} ({@code String}, {@code Integer}, {@code Double},
   * {@code BigDecimal}, {@code Boolean}, {@code java.util.UUID}, {@code LocalDate},
   * {@code OffsetDateTime}); for {@link Op#IN} and {@link Op#NIN} it is a {@code List} of those.
   */
  record Compare(FieldRef field, Op op, Object value) implements Where {
    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
      if ((op == Op.IN || op == Op.NIN) && !(value instanceof List<?>)) {
        throw new IllegalArgumentException(op + " needs a list value");
      }
      if (value instanceof List<?> list) {
        value = List.copyOf(list);
      }
    }
  }

  /** {@code isnull: true} (the value is SQL NULL, absent or JSON null) or {@code false}. */
  record IsNull(FieldRef field, boolean isNull) implements Where {
    public IsNull {
      Objects.requireNonNull(field, "field");
    }
  }

  /** The operators of {@link Compare}. */
  enum Op {
    EQ, NEQ, GT, GTE, LT, LTE, IN, NIN,
    /** Literal substring, case-sensitive ({@code %}, {@code _}, {@code \} escaped). */
    CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH,
    /** SQL LIKE patterns, passed through. */
    LIKE, ILIKE,
    /** POSIX regular expressions. */
    MATCHES, IMATCHES, NOT_MATCHES
  }
}
