package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.ScalarKind;

/**
 * One field of a data type, as stored in the JSONB document.
 *
 * @param name the GraphQL name
 * @param jsonKey the snake_case JSONB key
 * @param kind the scalar kind, or {@code null} for an embedded object
 * @param objectType the embedded object type's name, or {@code null} for scalars
 * @param enumType the enum type's name when {@code kind} is ENUM
 * @param list whether the field is a list
 * @param nonNull whether the field (the list, for lists) is non-null
 * @param itemsNonNull for lists: whether the items are non-null
 */
public record DataField(
    String name,
    String jsonKey,
    ScalarKind kind,
    String objectType,
    String enumType,
    boolean list,
    boolean nonNull,
    boolean itemsNonNull) {

  public boolean isObject() {
    return objectType != null;
  }
}
