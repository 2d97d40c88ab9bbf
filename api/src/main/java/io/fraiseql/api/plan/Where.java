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

  /**
   * A condition on a list of scalars (a JSONB array or a flat array column). {@code field.kind()}
   * is the element kind. {@code value} is a {@code List} of element values (coerced like
   * {@link Compare} values) for {@link ListOp#CONTAINS}, {@link ListOp#CONTAINED_BY} and
   * {@link ListOp#OVERLAPS}, and an {@code Integer} for the length operators.
   */
  record ListCompare(FieldRef field, ListOp op, Object value) implements Where {
    public ListCompare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
      boolean lengthOp = op.ordinal() >= ListOp.LEN_EQ.ordinal();
      Object sample = Parameter.sampleOf(value);
      if (lengthOp ? !(sample instanceof Integer) : !(sample instanceof List<?>)) {
        throw new IllegalArgumentException(op + (lengthOp ? " needs an Integer" : " needs a list"));
      }
      if (value instanceof List<?> list) {
        value = List.copyOf(list);
      }
    }
  }

  /**
   * A condition on a {@code JSON} field (JSONB). {@code value}: any JSON value as Java objects
   * (Map, List, String, Number, Boolean) for {@link JsonOp#EQ}, {@link JsonOp#CONTAINS} and
   * {@link JsonOp#CONTAINED_BY}; a {@code String} key for {@link JsonOp#HAS_KEY}; a
   * {@code List<String>} for the other two.
   */
  record JsonCompare(FieldRef field, JsonOp op, Object value) implements Where {
    public JsonCompare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * {@code some}, {@code every} or {@code none} over an embedded list of objects. The
   * condition's field references are relative to one element of the list. {@code every} over an
   * empty or absent list is true, {@code some} false.
   */
  record Quantified(FieldRef list, Quantifier quantifier, Where condition) implements Where {
    public Quantified {
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(quantifier, "quantifier");
      Objects.requireNonNull(condition, "condition");
    }
  }

  /** The operators of {@link ListCompare}; the length operators come last. */
  enum ListOp {
    CONTAINS, CONTAINED_BY, OVERLAPS, LEN_EQ, LEN_GT, LEN_GTE, LEN_LT, LEN_LTE
  }

  /** The operators of {@link JsonCompare}. */
  enum JsonOp {
    EQ, CONTAINS, CONTAINED_BY, HAS_KEY, HAS_ANY_KEYS, HAS_ALL_KEYS
  }

  /** The quantifiers of {@link Quantified}. */
  enum Quantifier {
    SOME, EVERY, NONE
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
