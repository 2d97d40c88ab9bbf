package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.Source;
import java.util.Map;

/**
 * A root query field, resolved at startup.
 *
 * @param fieldName the GraphQL field name on Query
 * @param type the data type returned
 * @param source where rows come from (the field's own {@code @sqlSource} or the type's)
 * @param columns the source's flat columns (name to SQL type), empty when unknown
 * @param shape list, or one row by id
 * @param nonNull whether the field's type is non-null
 * @param itemsNonNull for lists: whether items are non-null
 * @param connection true for a Relay connection field ({@code shape} is then LIST)
 * @param aggregation whether the field is an aggregate ({@code <T>Aggregate}) or group
 *     ({@code [<T>Group]}) field; {@code type} is then {@code T}
 */
public record RootModel(
    String fieldName,
    DataType type,
    Source source,
    Map<String, String> columns,
    QueryDef.Shape shape,
    boolean nonNull,
    boolean itemsNonNull,
    boolean connection,
    Aggregation aggregation) {

  /** A root field of plain rows, or of aggregates computed over them. */
  public enum Aggregation {
    /** Rows (a list, a connection, or one by id). */
    NONE,
    /** {@code <T>Aggregate}: one object of aggregates over the matching rows. */
    AGGREGATE,
    /** {@code [<T>Group]}: one object per group of rows. */
    GROUPS
  }

  /** True for an aggregate or group field. */
  public boolean aggregates() {
    return aggregation != Aggregation.NONE;
  }
}
