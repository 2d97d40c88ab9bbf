package io.fraiseql.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What only the JDBC backend does; the shared contract (bytes, binding, session settings, errors,
 * timeouts, cancellation, pool, reconnection) is checked by {@link JdbcBackendContractTest}.
 */
class JdbcBackendTest {
  static DatabaseUrl url;

  @BeforeAll
  static void start() {
    url = TestDatabase.get().createDatabase("jdbc_backend");
    TestDatabase.execute(url, "CREATE TABLE t (id int PRIMARY KEY, data jsonb); INSERT INTO t VALUES (3, '[1, 2]')");
  }

  @Test
  void driverMessagesCarryNoRowValues() {
    try (DatabaseBackend b = new JdbcBackendProvider().create(new BackendConfig(url, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(1), Map.of()))) {
      Throwable failure = b.stream(SessionSettings.empty(), new SqlStatement(
              "INSERT INTO t VALUES (CAST(? AS integer), CAST(? AS jsonb)) RETURNING to_jsonb(id)", List.of(3, "{\"secret\": 42}")),
              (bytes, off, len) -> { })
          .handle((v, e) -> e).toCompletableFuture().join();
      io.fraiseql.api.error.FraiseQLException e = (io.fraiseql.api.error.FraiseQLException) failure;
      assertThat(e.code()).isEqualTo(io.fraiseql.api.error.ErrorCode.CONFLICT);
      // the server's DETAIL ("Key (id)=(3) already exists") never reaches the message that is logged
      assertThat(e.getCause().getMessage()).doesNotContain("Key (id)", "(3)", "secret");
    }
  }

  @Test
  void aCallerSuppliedDataSourceIsUsedAsIs() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(TestDatabase.jdbcUrl(url));
    ds.setUser(url.user());
    if (url.password() != null) {
      ds.setPassword(url.password());
    }
    try (DatabaseBackend b = new JdbcBackendProvider().create(new BackendConfig(null, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(1), Map.of(JdbcBackendProvider.DATA_SOURCE, ds)))) {
      List<String> out = new ArrayList<>();
      b.stream(SessionSettings.empty(), new SqlStatement("SELECT data FROM t WHERE id = CAST(? AS integer)", List.of(3)),
              (bytes, off, len) -> out.add(new String(bytes, off, len, StandardCharsets.UTF_8)))
          .toCompletableFuture().join();
      assertThat(out).containsExactly("[1, 2]");
      assertThat(b.blocking()).isTrue();
      assertThat(b.id()).isEqualTo("jdbc");
    }
    assertThatThrownBy(() -> new JdbcBackendProvider().create(new BackendConfig(null, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(1), Map.of(JdbcBackendProvider.DATA_SOURCE, "nope"))))
        .hasMessageContaining("javax.sql.DataSource");
  }
}
