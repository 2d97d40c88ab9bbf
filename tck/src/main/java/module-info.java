/**
 * The backend compatibility kit: contract tests a backend's test subclasses, and the test
 * database (embedded PostgreSQL or {@code FRAISEQL_TEST_DATABASE_URL}).
 */
module io.fraiseql.tck {
  requires transitive io.fraiseql.api;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires transitive java.sql; // TestDatabase hands out JDBC connections
  requires embedded.postgres;

  exports io.fraiseql.tck;
  // JUnit calls the kit's package-private test methods reflectively
  opens io.fraiseql.tck to org.junit.platform.commons;
}
