package io.fraiseql.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.spi.BackendConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The kit's own fixtures for scaled-out setups: a real streaming replica and a real PgBouncer. */
class ScaleOutFixturesTest {

  private static String text(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  @Test
  void theReplicaStreamsFromThePrimaryAndCanBePausedStoppedAndStarted() throws SQLException {
    StreamingReplica pair = StreamingReplica.shared();
    assertSame(pair, StreamingReplica.shared());
    DatabaseUrl primary = pair.createDatabase("replica_fixture");
    DatabaseUrl replica = pair.replicaOf(primary);
    assertEquals(pair.replicaPort(), replica.port());
    assertNotEquals(pair.primaryPort(), pair.replicaPort());
    TestDatabase.execute(primary, "CREATE TABLE t (v text); INSERT INTO t VALUES ('one')");
    pair.awaitReplay();
    assertEquals("false|" + pair.primaryPort(), text(primary, "SELECT pg_is_in_recovery() || '|' || inet_server_port()"));
    assertEquals("true|" + pair.replicaPort(), text(replica, "SELECT pg_is_in_recovery() || '|' || inet_server_port()"));
    assertEquals("one", text(replica, "SELECT string_agg(v, ',') FROM t"));

    IllegalStateException readOnly = assertThrows(IllegalStateException.class, () -> TestDatabase.execute(replica, "INSERT INTO t VALUES ('no')"));
    assertTrue(readOnly.getMessage().contains("read-only"), readOnly.getMessage());

    pair.pauseReplay();
    try {
      TestDatabase.execute(primary, "INSERT INTO t VALUES ('two')");
      assertEquals("one,two", text(primary, "SELECT string_agg(v, ',' ORDER BY v) FROM t"));
      assertEquals("one", text(replica, "SELECT string_agg(v, ',') FROM t"), "a paused replica answers with old data");
    } finally {
      pair.resumeReplay();
    }
    pair.awaitReplay();
    assertEquals("one,two", text(replica, "SELECT string_agg(v, ',' ORDER BY v) FROM t"));

    pair.stopReplica();
    assertThrows(SQLException.class, () -> text(replica, "SELECT 1"));
    pair.stopReplica(); // already down: nothing to do
    pair.startReplica();
    pair.startReplica(); // already up: nothing to do
    TestDatabase.execute(primary, "INSERT INTO t VALUES ('three')");
    pair.awaitReplay();
    assertEquals("one,three,two", text(replica, "SELECT string_agg(v, ',' ORDER BY v) FROM t"));
  }

  @Test
  void pgBouncerPoolsByTransactionSoSessionStateLeaksBetweenClients() throws Exception {
    DatabaseUrl db = TestDatabase.get().createDatabase("pgbouncer_fixture");
    try (PgBouncer bouncer = PgBouncer.start(TestDatabase.get().serverUrl())) {
      DatabaseUrl routed = bouncer.route(db);
      assertEquals(bouncer.port(), routed.port());
      assertEquals(db.database(), routed.database());
      assertEquals(TestDatabase.get().serverUrl(), bouncer.server());
      DatabaseUrl elsewhere = DatabaseUrl.of("db.example", 5432, "x", "u", null);
      assertSame(elsewhere, bouncer.route(elsewhere), "only the server behind it is routed");

      // one server connection so far: a session SET by one client is what the next client finds
      try (Connection a = TestDatabase.connect(routed); Connection b = TestDatabase.connect(routed);
          Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
        sa.execute("SET statement_timeout = '1234ms'");
        try (ResultSet rs = sb.executeQuery("SHOW statement_timeout")) {
          rs.next();
          assertEquals("1234ms", rs.getString(1), "transaction pooling hands the same server session to another client");
        }
        sb.execute("RESET statement_timeout");
      }
      assertEquals(String.valueOf(TestDatabase.get().serverUrl().port()), text(routed, "SELECT inet_server_port()"));

      // a login it has not seen yet is added to its auth file on the fly
      String role = "bouncer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      TestDatabase.execute(db, "CREATE ROLE " + role + " LOGIN PASSWORD 'pw-" + role + "'");
      try {
        DatabaseUrl asRole = bouncer.route(DatabaseUrl.of(db.host(), db.port(), db.database(), role, "pw-" + role));
        assertEquals(role, text(asRole, "SELECT current_user"));
      } finally {
        TestDatabase.execute(db, "DROP ROLE " + role);
      }

      BackendConfig direct = new BackendConfig(db, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of());
      assertFalse(direct.transactionPooling());
      BackendConfig pooled = bouncer.route(direct);
      assertTrue(pooled.transactionPooling());
      assertEquals(bouncer.port(), pooled.url().port());
      BackendConfig source = new BackendConfig(null, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of("dataSource", "x"));
      assertTrue(bouncer.route(source).transactionPooling());
    }
  }

  @Test
  void theSharedPgBouncerFrontsTheTestDatabase() throws SQLException {
    PgBouncer bouncer = PgBouncer.shared();
    assertSame(bouncer, PgBouncer.shared());
    assertEquals("1", text(bouncer.route(TestDatabase.get().serverUrl()), "SELECT 1"));
  }
}
