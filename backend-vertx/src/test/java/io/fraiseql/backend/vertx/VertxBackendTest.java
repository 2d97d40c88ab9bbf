package io.fraiseql.backend.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        DatabaseUrl.parse("postgresql://app:pw@db.example:6543/shop?sslmode=disable&application_name=shop-api&connect_timeout=3"));
    assertThat(o.getHost()).isEqualTo("db.example");
    assertThat(o.getPort()).isEqualTo(6543);
    assertThat(o.getDatabase()).isEqualTo("shop");
    assertThat(o.getUser()).isEqualTo("app");
    assertThat(o.getPassword()).isEqualTo("pw");
    assertThat(o.getSslMode()).isEqualTo(SslMode.DISABLE);
    assertThat(o.getProperties()).containsEntry("application_name", "shop-api").doesNotContainKey("connect_timeout");
    assertThat(o.getCachePreparedStatements()).isTrue();
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
    return new BackendConfig(url, 1, Duration.ofSeconds(5), Duration.ofSeconds(1), options);
  }
}
