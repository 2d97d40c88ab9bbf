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
   * request without variables, and the template of requests whose variables have the same shape,
   * so those are built once per plan; it takes no part in equality.
   *
   * <p>When {@code parameters} is not null the fields are a template shared by every request whose
   * variables have this request's shape: some values of the plan are {@link
   * io.fraiseql.api.plan.Parameter}s, and {@code parameters} holds this request's values for them
   * ({@link io.fraiseql.api.SqlStatement#bind(Object[])} puts them into rendered statements).
   */
  record Operation(
      List<RootPlan> fields, Document document, String operationName, Map<String, Object> variables,
      boolean mutation, Memo memo, Object[] parameters)
      implements PlanResult {
    public Operation {
      fields = List.copyOf(fields);
      Objects.requireNonNull(memo, "memo");
    }

    public Operation(
        List<RootPlan> fields, Document document, String operationName, Map<String, Object> variables,
        boolean mutation) {
      this(fields, document, operationName, variables, mutation, new Memo(), null);
    }

    /** The same template for another request: its variables and its values for the parameters. */
    public Operation withParameters(Map<String, Object> variables, Object[] parameters) {
      return new Operation(fields, document, operationName, variables, mutation, memo, Objects.requireNonNull(parameters));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Operation other && fields.equals(other.fields) && document.equals(other.document)
          && Objects.equals(operationName, other.operationName) && variables.equals(other.variables)
          && mutation == other.mutation && java.util.Arrays.equals(parameters, other.parameters);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fields, document, operationName, variables, mutation, java.util.Arrays.hashCode(parameters));
    }

    @Override
    public String toString() {
      return "Operation[" + operationName + ", " + fields + (parameters == null ? "" : ", " + parameters.length
          + " parameters") + "]";
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

    /** An empty memo. */
    public Memo() {}

    /**
     * The value of {@code type} kept with this plan, computed by {@code compute} the first time.
     * {@code compute} must not use this memo; when it throws, nothing is kept.
     */
    public <T> T get(Class<T> type, Supplier<? extends T> compute) {
      Object kept = values.get(type); // the common case, without computeIfAbsent's capturing lambda
      if (kept != null) {
        return type.cast(kept);
      }
      return type.cast(values.computeIfAbsent(type, k -> Objects.requireNonNull(compute.get(), "memo value")));
    }

    @Override
    public String toString() {
      return "Memo" + values.keySet();
    }
  }
}
