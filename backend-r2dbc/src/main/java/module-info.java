/** The r2dbc-postgresql + r2dbc-pool backend, found by {@link java.util.ServiceLoader}. */
module io.fraiseql.backend.r2dbc {
  requires transitive io.fraiseql.api;
  requires io.fraiseql.sql;
  requires r2dbc.spi;
  requires r2dbc.pool;
  requires r2dbc.postgresql;
  requires reactor.core;
  requires reactor.netty.core; // the backend's own event loops (LoopResources)
  requires org.reactivestreams;
  requires org.slf4j;
  // r2dbc-postgresql and reactor-netty are automatic modules, which declare no dependencies: these
  // explicit modules they load classes from are resolved only because this module requires them
  requires io.netty.handler;
  requires io.netty.handler.proxy;
  requires io.netty.resolver.dns;
  requires com.ongres.scram.client; // SCRAM-SHA-256 password authentication

  exports io.fraiseql.backend.r2dbc;

  provides io.fraiseql.spi.BackendProvider with io.fraiseql.backend.r2dbc.R2dbcBackendProvider;
}
