package io.fraiseql.planner;

import graphql.language.Document;
import io.fraiseql.api.error.GraphQLErrorEntry;
import java.util.List;
import java.util.Map;

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
   * and {@code variables} are kept for introspection fields.
   */
  record Operation(
      List<RootPlan> fields, Document document, String operationName, Map<String, Object> variables,
      boolean mutation)
      implements PlanResult {
    public Operation {
      fields = List.copyOf(fields);
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
}
