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
 */
public record RootModel(
    String fieldName,
    DataType type,
    Source source,
    Map<String, String> columns,
    QueryDef.Shape shape,
    boolean nonNull,
    boolean itemsNonNull,
    boolean connection) {}
