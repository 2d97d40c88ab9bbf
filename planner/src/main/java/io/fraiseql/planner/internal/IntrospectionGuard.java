package io.fraiseql.planner.internal;

import graphql.normalized.ExecutableNormalizedField;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Tells introspection that tools send from introspection that only multiplies the answer. The
 * lists of a type ({@code fields}, {@code inputFields}, {@code interfaces}, {@code possibleTypes})
 * lead back to types, so nesting one inside another (as in {@code fields { type { fields { ... }
 * } }}) grows the answer geometrically with the depth; the introspection query of GraphiQL and of
 * code generators lists them once along any path ({@code __schema { types { fields { type {
 * ofType ... } } } }}), however many {@code __type} fields a query has. Depth and field counts are
 * bounded by the ordinary limits.
 */
public final class IntrospectionGuard {
  private static final Set<String> TYPE_LISTS = Set.of("fields", "inputFields", "interfaces", "possibleTypes");

  private IntrospectionGuard() {}

  /** Why the introspection root field {@code root} is refused, or null when it is answered. */
  public static String check(ExecutableNormalizedField root) {
    Deque<ExecutableNormalizedField> fields = new ArrayDeque<>();
    Deque<String> outer = new ArrayDeque<>();
    fields.push(root);
    outer.push("");
    while (!fields.isEmpty()) {
      ExecutableNormalizedField f = fields.pop();
      String list = outer.pop();
      String here = list;
      if (TYPE_LISTS.contains(f.getName())) {
        if (!list.isEmpty()) {
          return "Introspection nests " + f.getName() + " inside " + list + " under " + root.getName()
              + "; a type's fields, inputFields, interfaces and possibleTypes may be listed once along a path";
        }
        here = f.getName();
      }
      for (ExecutableNormalizedField child : f.getChildren()) {
        fields.push(child);
        outer.push(here);
      }
    }
    return null;
  }
}
