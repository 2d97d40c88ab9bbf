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

  /** An aggregate or group field: one statement whose rows are the documents of the plan. */
  record Aggregate(io.fraiseql.api.plan.AggregateDef query, List<Location> locations) implements RootPlan {
    public Aggregate {
      locations = List.copyOf(locations);
    }

    @Override
    public String responseKey() {
      return query.responseKey();
    }
  }

  /**
   * A Relay connection page.
   *
   * @param responseKey the field's key in {@code data}
   * @param page the rows to read: filter (with the cursor condition), the effective order (reversed
   *     for {@code last}) and a limit of the page size plus one
   * @param count the statement plan for {@code totalCount}, or {@code null} when not selected
   * @param selection the projection of the connection object, over the document the engine builds
   *     ({@code edges[].cursor}, {@code edges[].node}, {@code page_info.*}, {@code total_count})
   * @param pageSize the number of edges asked for
   * @param backward true for {@code last}: rows arrive in reverse order
   * @param afterGiven whether an {@code after} cursor was given
   * @param beforeGiven whether a {@code before} cursor was given
   * @param fingerprint the ordering's fingerprint, for the cursors
   * @param nonNull whether the field is non-null
   */
  record Connection(
      String responseKey,
      io.fraiseql.api.plan.QueryDef page,
      io.fraiseql.api.plan.QueryDef count,
      io.fraiseql.api.plan.Selection.ObjectSelection selection,
      int pageSize,
      boolean backward,
      boolean afterGiven,
      boolean beforeGiven,
      int fingerprint,
      boolean nonNull,
      List<Location> locations) implements RootPlan {
    public Connection {
      locations = List.copyOf(locations);
    }
  }

  /** A root mutation field: runs in its own transaction, in document order. */
  record Mutation(io.fraiseql.api.plan.MutationDef mutation, List<Location> locations, boolean nonNull)
      implements RootPlan {
    public Mutation {
      locations = List.copyOf(locations);
    }

    @Override
    public String responseKey() {
      return mutation.responseKey();
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
