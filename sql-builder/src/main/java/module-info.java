/** SQL rendering: every value a bind parameter, every identifier quoted in one place. */
module io.fraiseql.sql {
  requires transitive io.fraiseql.api;

  exports io.fraiseql.sql;
  // the engine's table-view scripts quote identifiers and literals through the same context
  exports io.fraiseql.sql.internal to io.fraiseql;
}
