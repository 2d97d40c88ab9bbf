package io.fraiseql.backend.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.Transaction;
import io.fraiseql.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.SessionSettings;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.client.SSLMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What only the R2DBC backend does; the shared contract is {@link R2dbcBackendContractTest}. */
class R2dbcBackendTest {

  @Test
  void urlParametersMapToTheConnectionConfiguration() {
    PostgresqlConnectionConfiguration c = R2dbcBackend.connectionConfiguration(
        DatabaseUrl.parse("postgresql://app:pw@db.example:6543/shop?sslmode=disable&ApplicationName=shop-api&connect_timeout=3"),
        Duration.ofSeconds(2), 2500, false);
    String text = c.toString();
    assertThat(text).contains("db.example", "6543", "shop", "app", "shop-api", "PT2S", "statement_timeout=2500", "TimeZone=UTC");
    assertThat(text).doesNotContain("'pw'", "=pw");
  }

  @Test
  void behindATransactionPoolerSessionsStartWithNothingSet() {
    PostgresqlConnectionConfiguration c = R2dbcBackend.connectionConfiguration(
        DatabaseUrl.parse("postgresql://app:pw@pooler:6432/shop"), Duration.ofSeconds(2), 2500, true);
    // the statement cache being off is checked on a server: the kit's transactionPoolingKeepsNothingInTheSession
    assertThat(c.toString()).contains("options='{}'").doesNotContain("statement_timeout", "TimeZone");
  }

  @Test
  void unknownBindClassesAreRejectedAndAUrlIsRequired() {
    DatabaseBackend b = new R2dbcBackendProvider().create(new BackendConfig(DatabaseUrl.parse("postgresql://u@127.0.0.1:1/x"),
        1, Duration.ofSeconds(5), Duration.ofSeconds(1), Map.of()));
    {
      CompletableFuture<Void> f = b.stream(SessionSettings.empty(),
          new SqlStatement("SELECT to_jsonb(CAST($1 AS text))", List.of(new StringBuilder("x"))), (x, o, l) -> { }).toCompletableFuture();
      assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("StringBuilder");
      assertThat(b.blocking()).isFalse();
      b.close();
      b.close(); // idempotent
      assertThat(b.ping().toCompletableFuture().join()).isFalse();
    }
    assertThatThrownBy(() -> new R2dbcBackendProvider().create(new BackendConfig(null, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(1), Map.of("dataSource", new Object()))))
        .hasMessageContaining("needs a database URL");
  }

  @Test
  void transactionsNeverCommitAfterAFailureAndRejectMisuse() throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("r2dbc_tx_misuse");
    TestDatabase.execute(url, "CREATE TABLE t (id int PRIMARY KEY)");
    try (DatabaseBackend b = new R2dbcBackendProvider().create(new BackendConfig(url, 2, Duration.ofSeconds(5), Duration.ofSeconds(10), Map.of()))) {
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
