/** The pgjdbc + HikariCP backend, found by {@link java.util.ServiceLoader}. */
module io.fraiseql.backend.jdbc {
  requires transitive io.fraiseql.api;
  requires io.fraiseql.sql;
  requires java.sql;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports io.fraiseql.backend.jdbc;

  provides io.fraiseql.spi.BackendProvider with io.fraiseql.backend.jdbc.JdbcBackendProvider;
}
