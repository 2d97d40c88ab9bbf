/** The streaming JSON response writer over DSL-JSON. */
module io.fraiseql.transform {
  requires transitive io.fraiseql.api;
  requires dsl.json;

  exports io.fraiseql.transform;
}
