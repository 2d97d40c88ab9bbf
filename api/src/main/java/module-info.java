/**
 * FraiseQL's public types (requests, limits, plans, errors) and the backend SPI. Backends are
 * found with {@link java.util.ServiceLoader} by {@link io.fraiseql.spi.Backends}.
 */
module io.fraiseql.api {
  requires transitive org.slf4j; // SqlStates.log takes a Logger

  exports io.fraiseql.api;
  exports io.fraiseql.api.error;
  exports io.fraiseql.api.plan;
  exports io.fraiseql.spi;

  uses io.fraiseql.spi.BackendProvider;
}
