// tag::module[]
module com.example.modular {
  requires io.fraiseql; // the engine, and with it io.fraiseql.api and io.fraiseql.planner
  // the backend modules (io.fraiseql.backend.jdbc, .vertx, .r2dbc) need no requires: a backend jar
  // on the module path is bound as a provider of io.fraiseql.spi.BackendProvider
}
// end::module[]
