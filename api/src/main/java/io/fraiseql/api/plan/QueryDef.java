package io.fraiseql.api.plan;

import java.util.List;
import java.util.Objects;

/**
 * The immutable plan of one root query field: where to read, what to filter and order, and what
 * to project.
 *
 * @param responseKey the root field's key in {@code data} (its alias when there is one)
 * @param source the view to read
 * @param shape whether the field is a list, or a single row by id
 * @param selection the projection applied to every row
 * @param where the filter, or {@code null}
 * @param orderBy the requested order, without the {@code id} tie-breaker the renderer appends
 * @param limit maximum rows, or {@code null}
 * @param offset rows to skip, or {@code null}
 * @param idValue for {@link Shape#BY_ID}: the id argument, coerced to its column's Java type
 * @param nonNull whether the field's type is non-null
 * @param itemsNonNull for lists: whether the items are non-null
 */
public record QueryDef(
    String responseKey,
    Source source,
    Shape shape,
    Selection.ObjectSelection selection,
    Where where,
    List<OrderKey> orderBy,
    Integer limit,
    Integer offset,
    Object idValue,
    boolean nonNull,
    boolean itemsNonNull) {

  public QueryDef {
    Objects.requireNonNull(responseKey, "responseKey");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(selection, "selection");
    orderBy = List.copyOf(orderBy);
    if (shape == Shape.BY_ID) {
      Objects.requireNonNull(idValue, "idValue");
    }
  }

  /** How many rows the field answers with. */
  public enum Shape {
    LIST,
    BY_ID
  }
}
