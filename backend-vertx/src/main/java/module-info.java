/** The vertx-pg-client backend, found by {@link java.util.ServiceLoader}. */
module io.fraiseql.backend.vertx {
  requires transitive io.fraiseql.api;
  requires io.fraiseql.sql;
  requires io.vertx.core;
  requires io.vertx.sql.client;
  requires io.vertx.sql.client.pg;
  requires io.netty.buffer;
  requires org.slf4j;
  // vertx-pg-client needs SCRAM only for password authentication and requires it statically, so
  // it is resolved only because this module requires it
  requires com.ongres.scram.client;

  exports io.fraiseql.backend.vertx;

  provides io.fraiseql.spi.BackendProvider with io.fraiseql.backend.vertx.VertxBackendProvider;
}
