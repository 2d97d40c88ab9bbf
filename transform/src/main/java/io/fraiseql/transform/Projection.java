package io.fraiseql.transform;

import io.fraiseql.api.plan.Selection.ObjectSelection;
import io.fraiseql.transform.internal.ProjectionPlan;
import java.util.Objects;

/**
 * An {@link ObjectSelection} compiled for the row loop: JSONB keys as byte arrays, response keys
 * pre-encoded as {@code "key":}, child selections compiled recursively, dispatch decided by array
 * index. Immutable and thread-safe: compile once per selection (the engine may cache it next to
 * its cached plan) and pass it to {@link ResponseWriter#startField(String, Projection, boolean,
 * boolean, boolean)} as often as needed.
 */
public final class Projection {
  private final ObjectSelection selection;
  final ProjectionPlan plan;

  private Projection(ObjectSelection selection) {
    this.selection = selection;
    this.plan = ProjectionPlan.compile(selection);
  }

  /** Compiles a selection. */
  public static Projection compile(ObjectSelection selection) {
    return new Projection(Objects.requireNonNull(selection, "selection"));
  }

  /** The selection this was compiled from. */
  public ObjectSelection selection() {
    return selection;
  }

  @Override
  public String toString() {
    return "Projection[" + selection.typeName() + "]";
  }
}
