package io.fraiseql.api.plan;

import java.util.Objects;

/** One ORDER BY key. */
public record OrderKey(FieldRef field, Direction direction) {
  public OrderKey {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(direction, "direction");
  }

  /** The six values of the GraphQL {@code OrderDirection} enum. */
  public enum Direction {
    /** Ascending, nulls last (PostgreSQL's default). */
    ASC,
    /** Descending, nulls first (PostgreSQL's default). */
    DESC,
    ASC_NULLS_FIRST,
    ASC_NULLS_LAST,
    DESC_NULLS_FIRST,
    DESC_NULLS_LAST
  }
}
