package io.fraiseql.api.plan;

import java.util.List;
import java.util.Objects;

/**
 * The immutable plan of one aggregate root field ({@code <T>Aggregate}: one row over every
 * matching row) or group root field ({@code [<T>Group]}: one row per distinct key). The SQL
 * builder renders it as one statement whose rows are JSON documents of the shape
 *
 * <pre>{@code
 * {"count": 3, "sum": {"price": 12.5}, "avg": {...}, "min": {...}, "max": {...}, "key": {"genre": "poetry"}}
 * }</pre>
 *
 * holding only what the selection asks for ({@link #measures}, and the key when
 * {@link #keySelected}); {@link #selection} projects each document like any object.
 *
 * @param responseKey the root field's key in {@code data}
 * @param source the view to read
 * @param selection the projection of one document ({@code <T>Aggregate} or {@code <T>Group})
 * @param where the row filter applied before grouping, or {@code null}
 * @param groupBy the group keys in {@code by} order; empty for an aggregate field
 * @param keySelected whether the documents carry {@code "key"} (the group key values)
 * @param measures the aggregates the documents carry, in document order
 * @param having conditions on the groups, all of which must hold
 * @param orderBy the requested order of the groups, without the key tie-breakers the renderer appends
 * @param limit maximum groups, or {@code null}
 * @param offset groups to skip, or {@code null}
 * @param nonNull whether the field's type is non-null
 * @param itemsNonNull for groups: whether the items are non-null
 */
public record AggregateDef(
    String responseKey,
    Source source,
    Selection.ObjectSelection selection,
    Where where,
    List<GroupKey> groupBy,
    boolean keySelected,
    List<Measure> measures,
    List<Condition> having,
    List<Term> orderBy,
    Integer limit,
    Integer offset,
    boolean nonNull,
    boolean itemsNonNull) {

  public AggregateDef {
    Objects.requireNonNull(responseKey, "responseKey");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(selection, "selection");
    groupBy = List.copyOf(groupBy);
    measures = List.copyOf(measures);
    having = List.copyOf(having);
    orderBy = List.copyOf(orderBy);
    if (groupBy.isEmpty() && (keySelected || !having.isEmpty() || !orderBy.isEmpty() || limit != null
        || offset != null)) {
      throw new IllegalArgumentException("key, having, orderBy, limit and offset need a group key");
    }
    for (Term t : orderBy) {
      if (t.value() instanceof Key k && k.index() >= groupBy.size()) {
        throw new IllegalArgumentException("order term on group key " + k.index() + " of " + groupBy.size());
      }
    }
  }

  /** True for a group field (rows per key), false for an aggregate field (one row). */
  public boolean grouped() {
    return !groupBy.isEmpty();
  }

  /** The aggregate functions. */
  public enum Function {
    /** Rows ({@code count(*)}); takes no field. */
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  /**
   * The {@code TimeBucket} values: a {@code Date} or {@code DateTime} key truncated to the start
   * of its hour, day, week (Monday), month, quarter or year, in UTC.
   */
  public enum TimeBucket {
    HOUR,
    DAY,
    WEEK,
    MONTH,
    QUARTER,
    YEAR
  }

  /**
   * One group key.
   *
   * @param jsonKey the key's name in the {@code "key"} object of each document
   * @param field the value grouped on (its kind decides how the key is written)
   * @param bucket the truncation of a date or timestamp, or {@code null}
   */
  public record GroupKey(String jsonKey, FieldRef field, TimeBucket bucket) {
    public GroupKey {
      Objects.requireNonNull(jsonKey, "jsonKey");
      Objects.requireNonNull(field, "field");
      if (bucket != null && field.kind() != ScalarKind.DATE && field.kind() != ScalarKind.DATE_TIME) {
        throw new IllegalArgumentException("a time bucket needs a Date or DateTime key, not " + field.kind());
      }
    }
  }

  /** A value computed per group: an aggregate, or a group key. */
  public sealed interface Value permits Aggregate, Key {}

  /** An aggregate of a field ({@code field} is {@code null} exactly for {@link Function#COUNT}). */
  public record Aggregate(Function function, FieldRef field) implements Value {
    public Aggregate {
      Objects.requireNonNull(function, "function");
      if ((function == Function.COUNT) != (field == null)) {
        throw new IllegalArgumentException(function + (field == null ? " needs a field" : " takes no field"));
      }
    }

    /** {@code count(*)}. */
    public static Aggregate count() {
      return new Aggregate(Function.COUNT, null);
    }
  }

  /** The group key at {@code index} of {@link #groupBy()} (with its bucket). */
  public record Key(int index) implements Value {
    public Key {
      if (index < 0) {
        throw new IllegalArgumentException("negative key index " + index);
      }
    }
  }

  /**
   * An aggregate the documents carry: {@code count} at the top level, the others as {@code jsonKey}
   * inside the object named after their function ({@code "sum": {"price": ...}}).
   */
  public record Measure(String jsonKey, Aggregate aggregate) {
    public Measure {
      Objects.requireNonNull(jsonKey, "jsonKey");
      Objects.requireNonNull(aggregate, "aggregate");
    }
  }

  /**
   * A {@code having} condition: {@code aggregate op value}. {@code value} is bound like a
   * {@link Where.Compare} value; only {@code EQ NEQ GT GTE LT LTE} apply.
   */
  public record Condition(Aggregate aggregate, Where.Op op, Object value) {
    public Condition {
      Objects.requireNonNull(aggregate, "aggregate");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
      if (op.ordinal() > Where.Op.LTE.ordinal()) {
        throw new IllegalArgumentException("having takes eq neq gt gte lt lte, not " + op);
      }
    }
  }

  /** One ORDER BY term of the groups. */
  public record Term(Value value, OrderKey.Direction direction) {
    public Term {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(direction, "direction");
    }
  }
}
