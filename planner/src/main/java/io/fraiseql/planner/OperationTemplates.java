package io.fraiseql.planner;

import io.fraiseql.planner.internal.InputText;
import io.fraiseql.planner.internal.Slots;
import io.fraiseql.planner.internal.VariableLayout;
import java.util.Arrays;
import java.util.Map;

/**
 * The plan templates of one operation of a cached document, one per shape of its variables (see
 * {@link VariableLayout}), at most {@link #MAX_SHAPES}. Lookups read a volatile array without
 * locking; changes are made by {@link TemplateCache} under its lock.
 */
final class OperationTemplates {
  /** Shapes kept per operation; a further one replaces the least recently used. */
  static final int MAX_SHAPES = 16;

  private final VariableLayout layout;
  private final long baseWeight;
  private volatile Template[] shapes = new Template[0];

  OperationTemplates(VariableLayout layout, long baseWeight) {
    this.layout = layout;
    this.baseWeight = baseWeight;
  }

  VariableLayout layout() {
    return layout;
  }

  /** The estimated heap of one template of this operation, before its shape's own tokens. */
  long baseWeight() {
    return baseWeight;
  }

  Template[] shapes() {
    return shapes;
  }

  /** {@link #serve}: the variables have a shape, but the planner refuses a value of this request. */
  static final PlanResult REFUSED = new PlanResult.Rejected(java.util.List.of());
  /** {@link #serve}: the raw variables are not in the form this class reads (coerce them first). */
  static final PlanResult INVALID = new PlanResult.Rejected(java.util.List.of());

  /**
   * The request served from the template whose shape its variables have; null when no template
   * has it, else {@link #REFUSED} or {@link #INVALID}.
   *
   * @param raw the request's variables
   * @param values {@code raw}, or the variables coerced by graphql-java ({@code coerced})
   */
  PlanResult serve(Map<String, Object> raw, Map<String, Object> values, boolean coerced) {
    for (Template t : shapes) {
      PlanResult served = t.serve(raw, values, coerced);
      if (served != null) {
        return served;
      }
    }
    return null;
  }

  // changed by TemplateCache only, under its lock

  boolean holds(Object[] tokens) {
    for (Template t : shapes) {
      if (Arrays.equals(t.tokens, tokens)) {
        return true;
      }
    }
    return false;
  }

  void add(Template t) {
    Template[] next = Arrays.copyOf(shapes, shapes.length + 1);
    next[shapes.length] = t;
    shapes = next;
  }

  void remove(Template t) {
    Template[] now = shapes;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == t) {
        Template[] next = new Template[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        shapes = next;
        return;
      }
    }
  }

  /**
   * One plan template: the shape's tokens, the plan (whose values to bind are parameters), how a
   * request's values for the parameters are computed, and the template's estimated heap.
   */
  static final class Template {
    final OperationTemplates owner;
    final Object[] tokens;
    final PlanResult.Operation operation;
    final Slots slots;
    final long weight;
    /** The parameters that are patterns of pattern operators, and the longest pattern allowed. */
    private final int[] patterns;
    private final int maxPatternLength;
    /** Set when a request uses it; cleared by the cache's clock hand (second-chance eviction). */
    volatile boolean used;

    Template(OperationTemplates owner, Object[] tokens, PlanResult.Operation operation, Slots slots, long weight,
        int[] patterns, int maxPatternLength) {
      this.owner = owner;
      this.tokens = tokens;
      this.operation = operation;
      this.slots = slots;
      this.weight = weight;
      this.patterns = patterns;
      this.maxPatternLength = maxPatternLength;
    }

    /**
     * Whether the planner, planning this request on its own, would accept its values as far as
     * the template cannot tell: no string holds a NUL character or a lone surrogate, and no pattern
     * is longer than the limit. (The conversions and checks of single values, an id's syntax or a
     * LIKE pattern's final escape, run in {@link Slots#compute}; everything else the planner
     * checks depends on the shape only, and held for the request the template was built from.)
     */
    private boolean acceptable(Object[] parameters) {
      for (int i = 0; i < slots.leaves(); i++) {
        if (InputText.unstorableIn(parameters[i], "") != null) {
          return false;
        }
      }
      for (int p : patterns) {
        if (parameters[p] instanceof String s && s.length() > maxPatternLength) {
          return false;
        }
      }
      return true;
    }

    /** See {@link OperationTemplates#serve}: this template's answer, or null for another shape. */
    PlanResult serve(Map<String, Object> raw, Map<String, Object> values, boolean coerced) {
      Object[] parameters = new Object[slots.size()];
      int m = owner.layout.match(raw, values, coerced, tokens, parameters);
      if (m == VariableLayout.MISMATCH) {
        return null;
      }
      if (m == VariableLayout.INVALID) {
        return INVALID;
      }
      if (!slots.compute(parameters) || !acceptable(parameters)) {
        return REFUSED; // planned on its own, which reports the problem exactly as it always does
      }
      if (!used) {
        used = true;
      }
      return operation.withParameters(raw, parameters);
    }
  }
}
