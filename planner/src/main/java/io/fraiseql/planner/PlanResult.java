package io.fraiseql.planner;

import graphql.language.Document;
import io.fraiseql.api.error.GraphQLErrorEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The outcome of planning a request. */
public sealed interface PlanResult {

  /** The request cannot run at all (parse, validation, variables, limits): no {@code data}. */
  record Rejected(List<GraphQLErrorEntry> errors) implements PlanResult {
    public Rejected {
      errors = List.copyOf(errors);
    }
  }

  /**
   * A query operation: its root fields in response order. {@code document}, {@code operationName}
   * and {@code variables} are kept for introspection fields. {@code memo} holds what an engine
   * derives from the plan (rendered SQL, compiled projections): the planner reuses the plan of a
   * request without variables, so those are built once per plan; it takes no part in equality.
   */
  record Operation(
      List<RootPlan> fields, Document document, String operationName, Map<String, Object> variables,
      boolean mutation, Memo memo)
      implements PlanResult {
    public Operation {
      fields = List.copyOf(fields);
      Objects.requireNonNull(memo, "memo");
    }

    public Operation(
        List<RootPlan> fields, Document document, String operationName, Map<String, Object> variables,
        boolean mutation) {
      this(fields, document, operationName, variables, mutation, new Memo());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Operation other && fields.equals(other.fields) && document.equals(other.document)
          && Objects.equals(operationName, other.operationName) && variables.equals(other.variables)
          && mutation == other.mutation;
    }

    @Override
    public int hashCode() {
      return Objects.hash(fields, document, operationName, variables, mutation);
    }

    /** The root type's name as messages spell it. */
    public String rootTypeName() {
      return mutation ? "Mutation" : "Query";
    }

    /** True when some root field is answered by introspection. */
    public boolean hasIntrospection() {
      return fields.stream().anyMatch(f -> f instanceof RootPlan.Introspection);
    }
  }

  /** Values derived from one plan, one per type, each computed once. Thread-safe. */
  final class Memo {
    private final ConcurrentHashMap<Class<?>, Object> values = new ConcurrentHashMap<>(4);

    /**
     * The value of {@code type} kept with this plan, computed by {@code compute} the first time.
     * {@code compute} must not use this memo; when it throws, nothing is kept.
     */
    public <T> T get(Class<T> type, Supplier<? extends T> compute) {
      return type.cast(values.computeIfAbsent(type, k -> Objects.requireNonNull(compute.get(), "memo value")));
    }

    @Override
    public String toString() {
      return "Memo" + values.keySet();
    }
  }
}
