/** The planner: SDL loading, graphql-java parse and validate, immutable query plans. */
module io.fraiseql.planner {
  requires transitive io.fraiseql.api;
  requires transitive com.graphqljava; // FraiseSchema and PlanResult expose graphql-java types

  exports io.fraiseql.planner;
  // the camelCase/snake_case naming rule, shared with the engine's mutations and the server's
  // `init` command
  exports io.fraiseql.planner.internal to io.fraiseql, io.fraiseql.server;
}
