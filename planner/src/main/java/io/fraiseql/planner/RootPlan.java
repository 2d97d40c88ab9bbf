package io.fraiseql.planner;

import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.error.GraphQLErrorEntry.Location;
import io.fraiseql.api.plan.QueryDef;
import java.util.List;

/** What to do for one root field of an operation, in response order. */
public sealed interface RootPlan {

  /** The key of the field in {@code data}. */
  String responseKey();

  /** Read rows with the plan. */
  record Data(QueryDef query, List<Location> locations) implements RootPlan {
    public Data {
      locations = List.copyOf(locations);
    }

    @Override
    public String responseKey() {
      return query.responseKey();
    }
  }

  /** {@code __typename} on the root type. */
  record Typename(String responseKey, String typeName) implements RootPlan {}

  /** {@code __schema} or {@code __type}: answered by graphql-java's introspection. */
  record Introspection(String responseKey) implements RootPlan {}

  /**
   * The field could not be planned (bad argument values): it is null with this error, which
   * propagates to {@code data} when the field is non-null.
   */
  record Failed(String responseKey, GraphQLErrorEntry error, boolean nonNull) implements RootPlan {}
}
