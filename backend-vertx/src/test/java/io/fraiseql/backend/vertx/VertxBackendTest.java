package io.fraiseql.backend.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.Transaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.tck.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What only the Vert.x backend does; the shared contract is {@link VertxBackendContractTest}. */
class VertxBackendTest {

  @Test
  void queriesAreWrappedAsSubqueriesAndWritesAsCommonTableExpressions() {
    assertThat(VertxBackend.wrap("  SELECT t.\"data\" FROM v t ORDER BY t.id ;; "))
        .isEqualTo("SELECT convert_to(fraiseql_q.fraiseql_c::text, 'UTF8') FROM (SELECT t.\"data\" FROM v t ORDER BY t.id\n) fraiseql_q(fraiseql_c)");
    assertThat(VertxBackend.wrap("values (1)")).startsWith("SELECT convert_to(").endsWith("FROM (values (1)\n) fraiseql_q(fraiseql_c)");
    assertThat(VertxBackend.wrap("(SELECT 1)")).startsWith("SELECT convert_to(");
    assertThat(VertxBackend.wrap("TABLE t")).startsWith("SELECT convert_to(");
    assertThat(VertxBackend.wrap("INSERT INTO t VALUES (1) RETURNING to_jsonb(id)"))
        .isEqualTo("WITH fraiseql_q(fraiseql_c) AS (INSERT INTO t VALUES (1) RETURNING to_jsonb(id)\n)"
            + " SELECT convert_to(fraiseql_q.fraiseql_c::text, 'UTF8') FROM fraiseql_q");
    assertThat(VertxBackend.wrap("WITH a AS (SELECT 1) SELECT * FROM a")).startsWith("WITH fraiseql_q(fraiseql_c) AS (WITH a");
    assertThat(VertxBackend.wrap("SEL")).startsWith("WITH fraiseql_q");
  }

  @Test
  void bigDecimalsBindAsNumericAndUnknownClassesAreRejected() {
    assertThat(VertxBackend.tuple(List.of(new BigDecimal("1.50"))).getValue(0).toString()).isEqualTo("1.50");
    assertThatThrownBy(() -> VertxBackend.tuple(List.of(new StringBuilder("x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.StringBuilder");
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u@127.0.0.1:1/x");
    try (DatabaseBackend b = new VertxBackendProvider().create(config(url, Map.of()))) {
      CompletableFuture<Void> f = b.stream(SessionSettings.empty(),
          new SqlStatement("SELECT to_jsonb(CAST($1 AS text))", List.of(new Object())), (x, o, l) -> { }).toCompletableFuture();
      assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void urlParametersMapToConnectOptions() {
    PgConnectOptions o = VertxBackend.connectOptions(
        DatabaseUrl.parse("postgresql://app:pw@db.example:6543/shop?sslmode=disable&application_name=shop-api&connect_timeout=3"),
        2500, false);
    assertThat(o.getHost()).isEqualTo("db.example");
    assertThat(o.getPort()).isEqualTo(6543);
    assertThat(o.getDatabase()).isEqualTo("shop");
    assertThat(o.getUser()).isEqualTo("app");
    assertThat(o.getPassword()).isEqualTo("pw");
    assertThat(o.getSslMode()).isEqualTo(SslMode.DISABLE);
    assertThat(o.getProperties()).containsEntry("application_name", "shop-api").doesNotContainKey("connect_timeout")
        .containsEntry("statement_timeout", "2500").containsEntry("TimeZone", "UTC");
    assertThat(o.getCachePreparedStatements()).isTrue();
    assertThat(o.getUseLayer7Proxy()).isFalse();
  }

  @Test
  void behindATransactionPoolerSessionsStartWithNothingSetAndStatementsAreNotCached() {
    PgConnectOptions o = VertxBackend.connectOptions(DatabaseUrl.parse("postgresql://app:pw@pooler:6432/shop"), 2500, true);
    assertThat(o.getProperties()).containsEntry("application_name", "fraiseql")
        .doesNotContainKeys("statement_timeout", "TimeZone");
    assertThat(o.getCachePreparedStatements()).isFalse();
    assertThat(o.getUseLayer7Proxy()).isTrue();
  }

  @Test
  void aCallerSuppliedVertxIsUsedAndNotClosed() {
    DatabaseUrl url = TestDatabase.get().createDatabase("vertx_backend");
    Vertx vertx = Vertx.vertx();
    try {
      DatabaseBackend b = new VertxBackendProvider().create(config(url, Map.of(VertxBackendProvider.VERTX, vertx)));
      List<String> rows = new ArrayList<>();
      b.stream(SessionSettings.empty(), new SqlStatement("SELECT to_jsonb(CAST($1 AS numeric))", List.of(new BigDecimal("-0.50"))),
          (bytes, off, len) -> rows.add(new String(bytes, off, len, StandardCharsets.UTF_8))).toCompletableFuture().join();
      assertThat(rows).containsExactly("-0.50");
      assertThat(b.blocking()).isFalse();
      b.close();
      b.close(); // idempotent
      assertThat(b.ping().toCompletableFuture().join()).isFalse();
      // the caller's Vert.x still runs
      assertThat(vertx.timer(1).toCompletionStage().toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void badConfigurationFailsAtCreation() {
    assertThatThrownBy(() -> new VertxBackendProvider().create(config(DatabaseUrl.parse("postgresql://u@h/x"),
        Map.of(VertxBackendProvider.VERTX, "not a vertx"))))
        .hasMessageContaining("io.vertx.core.Vertx");
    assertThatThrownBy(() -> new VertxBackendProvider().create(config(null, Map.of("dataSource", new Object()))))
        .hasMessageContaining("needs a database URL");
  }

  static BackendConfig config(DatabaseUrl url, Map<String, Object> options) {
    // a cold Vert.x's first connection can take over a second on a loaded machine; unreachable URLs fail at once anyway
    return new BackendConfig(url, 1, Duration.ofSeconds(5), Duration.ofSeconds(10), options);
  }

  @Test
  void transactionsNeverCommitAfterAFailureAndRejectMisuse() throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("vertx_tx_misuse");
    TestDatabase.execute(url, "CREATE TABLE t (id int PRIMARY KEY)");
    try (DatabaseBackend b = new VertxBackendProvider().create(new BackendConfig(url, 2, Duration.ofSeconds(5), Duration.ofSeconds(10), Map.of()))) {
      RowSink ignore = (x, o, l) -> { };
      // the work swallows a failed statement and asks to commit: rolled back, failing with that statement's error
      CompletableFuture<Void> swallowed = b.transaction(SessionSettings.empty(), tx ->
          tx.stream(new SqlStatement("INSERT INTO t VALUES (1) RETURNING to_jsonb(id)", List.of()), ignore)
              .thenCompose(v -> tx.stream(new SqlStatement("SELECT to_jsonb(1 / 0)", List.of()), ignore))
              .handle((v, e) -> Boolean.TRUE)).toCompletableFuture();
      assertThatThrownBy(swallowed::join).hasCauseInstanceOf(FraiseQLException.class)
          .cause().extracting(e -> ((FraiseQLException) e).sqlState()).isEqualTo("22012");
      // a value the backend cannot bind fails that statement, and the transaction with it
      CompletableFuture<Void> unbindable = b.transaction(SessionSettings.empty(), tx ->
          tx.stream(new SqlStatement("INSERT INTO t VALUES (2) RETURNING to_jsonb(id)", List.of()), ignore)
              .thenCompose(v -> tx.stream(new SqlStatement("SELECT to_jsonb(CAST($1 AS text))", List.of(new StringBuilder("x"))), ignore))
              .handle((v, e) -> Boolean.TRUE)).toCompletableFuture();
      assertThatThrownBy(unbindable::join).hasCauseInstanceOf(IllegalArgumentException.class);
      // a Transaction kept after its transaction ended refuses statements
      AtomicReference<Transaction> leaked = new AtomicReference<>();
      b.transaction(SessionSettings.empty(), tx -> {
        leaked.set(tx);
        return CompletableFuture.completedFuture(Boolean.FALSE);
      }).toCompletableFuture().join();
      assertThatThrownBy(() -> leaked.get().stream(new SqlStatement("SELECT to_jsonb(1)", List.of()), ignore).toCompletableFuture().join())
          .hasCauseInstanceOf(IllegalStateException.class);
      // a work that returns no stage fails (and rolls back) instead of hanging
      assertThatThrownBy(() -> b.transaction(SessionSettings.empty(), tx -> null).toCompletableFuture().join())
          .hasCauseInstanceOf(NullPointerException.class);
      try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        assertThat(rs.getLong(1)).as("nothing was committed").isZero();
      }
    }
  }
}
