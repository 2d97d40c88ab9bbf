package io.fraiseql.api.plan;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a selection set, in response order. Built once per query by the planner; the
 * transformer walks it per row without lookups by name.
 */
public sealed interface Selection {

  /** The key written to the response (the alias when there is one). */
  String responseKey();

  /** A scalar or enum field read from JSONB key {@code jsonKey}. */
  record Scalar(String responseKey, String jsonKey, ScalarKind kind, boolean nonNull)
      implements Selection {
    public Scalar {
      Objects.requireNonNull(responseKey, "responseKey");
      Objects.requireNonNull(jsonKey, "jsonKey");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * An embedded object, or a list of them, read from JSONB key {@code jsonKey}.
   *
   * @param list true for a list of objects
   * @param nonNull true when the field (the list itself for lists) is non-null
   * @param itemsNonNull for lists: true when the items are non-null
   */
  record Composite(
      String responseKey,
      String jsonKey,
      ObjectSelection selection,
      boolean list,
      boolean nonNull,
      boolean itemsNonNull)
      implements Selection {
    public Composite {
      Objects.requireNonNull(responseKey, "responseKey");
      Objects.requireNonNull(jsonKey, "jsonKey");
      Objects.requireNonNull(selection, "selection");
    }
  }

  /** {@code __typename}: writes the constant type name. */
  record Typename(String responseKey, String typeName) implements Selection {
    public Typename {
      Objects.requireNonNull(responseKey, "responseKey");
      Objects.requireNonNull(typeName, "typeName");
    }
  }

  /** The selection set of one object type, in response order. */
  record ObjectSelection(String typeName, List<Selection> fields) {
    public ObjectSelection {
      Objects.requireNonNull(typeName, "typeName");
      fields = List.copyOf(fields);
    }
  }
}
