/**
 * The engine: {@link io.fraiseql.FraiseQL} wires the planner, the SQL builder, a backend found
 * with {@link java.util.ServiceLoader} and the response writer.
 */
module io.fraiseql {
  requires transitive io.fraiseql.api;
  requires transitive io.fraiseql.planner;
  requires io.fraiseql.sql;
  requires io.fraiseql.transform;
  requires transitive java.sql; // TableViews works on a JDBC connection
  requires com.graphqljava;
  requires dsl.json;
  requires org.slf4j;

  exports io.fraiseql;
  exports io.fraiseql.http;
  exports io.fraiseql.tableview;
}
