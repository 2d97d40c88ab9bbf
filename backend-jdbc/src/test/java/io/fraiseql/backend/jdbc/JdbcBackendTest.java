package io.fraiseql.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.Backends;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class JdbcBackendTest {
  static DatabaseUrl url;
  static DatabaseBackend backend;

  @BeforeAll
  static void start() {
    url = TestDatabase.get().createDatabase("jdbc_backend");
    TestDatabase.execute(url, "CREATE TABLE t (id int PRIMARY KEY, data jsonb);"
        + " INSERT INTO t VALUES (1, '{\"a\": \"é😀\", \"n\": 1}'), (2, NULL), (3, '[1, 2]')");
    backend = create(4, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  static DatabaseBackend create(int pool, Duration timeout, Duration poolTimeout) {
    return new JdbcBackendProvider().create(new BackendConfig(url, pool, timeout, poolTimeout, Map.of()));
  }

  static List<String> rows(DatabaseBackend b, SessionSettings s, String sql, Object... params) {
    List<String> out = new ArrayList<>();
    b.stream(s, new SqlStatement(sql, Arrays.asList(params)),
            (bytes, off, len) -> out.add(new String(bytes, off, len, StandardCharsets.UTF_8)))
        .toCompletableFuture().join();
    return out;
  }

  static FraiseQLException failure(DatabaseBackend b, String sql) {
    CompletableFuture<Void> f = b.stream(SessionSettings.empty(), new SqlStatement(sql, List.of()), (x, o, l) -> { })
        .toCompletableFuture();
    assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(FraiseQLException.class);
    return (FraiseQLException) f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
  }

  @Test
  void streamsJsonbBytesInOrderAndNullAsNull() {
    assertThat(rows(backend, SessionSettings.empty(), "SELECT data FROM t ORDER BY id"))
        .containsExactly("{\"a\": \"é😀\", \"n\": 1}", "null", "[1, 2]");
  }

  @Test
  void bindsEveryValueType() {
    UUID id = UUID.randomUUID();
    List<String> r = rows(backend, SessionSettings.empty(),
        "SELECT jsonb_build_array(CAST(? AS text), CAST(? AS integer), CAST(? AS bigint), CAST(? AS double precision),"
            + " CAST(? AS numeric), CAST(? AS boolean), CAST(? AS uuid), CAST(? AS date), CAST(? AS timestamptz), CAST(? AS text))",
        "s", 1, 2L, 1.5, new BigDecimal("12345678901234567890.5"), true, id, LocalDate.of(2026, 1, 2),
        OffsetDateTime.parse("2026-01-02T03:04:05+02:00"), null);
    assertThat(r).containsExactly("[\"s\", 1, 2, 1.5, 12345678901234567890.5, true, \"" + id
        + "\", \"2026-01-02\", \"2026-01-02T01:04:05+00:00\", null]");
  }

  @Test
  void sessionSettingsAndUtcAreSetPerTransactionOnly() {
    SessionSettings s = SessionSettings.of(Map.of("app.tenant_id", "t'1"));
    assertThat(rows(backend, s, "SELECT to_jsonb(current_setting('app.tenant_id', true) || '/' || current_setting('TimeZone'))"))
        .containsExactly("\"t'1/UTC\"");
    for (int i = 0; i < 8; i++) { // every pooled connection: nothing left over
      assertThat(rows(backend, SessionSettings.empty(), "SELECT to_jsonb(coalesce(current_setting('app.tenant_id', true), ''))"))
          .containsExactly("\"\"");
    }
  }

  @Test
  void errorsAreMappedBySqlState() {
    FraiseQLException syntax = failure(backend, "SELEC 1");
    assertThat(syntax.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
    assertThat(syntax.sqlState()).isEqualTo("42601");
    assertThat(syntax.getMessage()).doesNotContain("SELEC");
    assertThat(failure(backend, "SELECT to_jsonb(1/0)").sqlState()).isEqualTo("22012");
    TestDatabase.execute(url, "CREATE TABLE IF NOT EXISTS u (id int PRIMARY KEY, email text CONSTRAINT u_email_key UNIQUE,"
        + " parent int CONSTRAINT u_parent_fk REFERENCES u(id))");
    rows(backend, SessionSettings.empty(), "INSERT INTO u VALUES (1, 'a', NULL) RETURNING to_jsonb(id)");
    FraiseQLException dup = failure(backend, "INSERT INTO u VALUES (2, 'a', NULL) RETURNING to_jsonb(id)");
    assertThat(dup.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(dup.constraint()).isEqualTo("u_email_key");
    FraiseQLException fk = failure(backend, "INSERT INTO u VALUES (3, 'b', 99) RETURNING to_jsonb(id)");
    assertThat(fk.code()).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION);
    assertThat(fk.constraint()).isEqualTo("u_parent_fk");
  }

  @Test
  void aFailingStatementRollsBackItsTransaction() throws Exception {
    TestDatabase.execute(url, "CREATE TABLE IF NOT EXISTS r (id int)");
    failure(backend, "WITH ins AS (INSERT INTO r VALUES (1) RETURNING id) SELECT to_jsonb(1 / (id - 1)) FROM ins");
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM r")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void statementTimeout() {
    try (DatabaseBackend quick = create(1, Duration.ofMillis(100), Duration.ofSeconds(5))) {
      FraiseQLException e = failure(quick, "SELECT to_jsonb(pg_sleep(2)::text)");
      assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(rows(quick, SessionSettings.empty(), "SELECT to_jsonb(1)")).containsExactly("1");
    }
  }

  @Test
  void aTerminatedConnectionIsAConnectionErrorAndThePoolRecovers() {
    try (DatabaseBackend b = create(1, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
      FraiseQLException e = failure(b, "SELECT to_jsonb(pg_terminate_backend(pg_backend_pid()))");
      assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
      assertThat(rows(b, SessionSettings.empty(), "SELECT to_jsonb(2)")).containsExactly("2");
    }
  }

  @Test
  void aSinkFailureStopsTheQueryAndFreesTheConnection() {
    try (DatabaseBackend b = create(1, Duration.ofSeconds(5), Duration.ofSeconds(2))) {
      int[] seen = new int[1];
      CompletableFuture<Void> f = b.stream(SessionSettings.empty(),
          new SqlStatement("SELECT to_jsonb(g) FROM generate_series(1, 100000) g", List.of()),
          (bytes, off, len) -> {
            if (++seen[0] == 10) {
              throw new IOException("client went away");
            }
          }).toCompletableFuture();
      assertThatThrownBy(f::join).hasCauseInstanceOf(IOException.class);
      assertThat(seen[0]).isEqualTo(10);
      assertThat(rows(b, SessionSettings.empty(), "SELECT to_jsonb(3)")).containsExactly("3");
    }
  }

  @Test
  void poolExhaustionFailsAfterABoundedWait() throws Exception {
    try (DatabaseBackend b = create(1, Duration.ofSeconds(5), Duration.ofMillis(300))) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread holder = new Thread(() -> b.stream(SessionSettings.empty(),
          new SqlStatement("SELECT to_jsonb(1)", List.of()), (x, o, l) -> {
            holding.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }));
      holder.start();
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      long t0 = System.nanoTime();
      FraiseQLException e = failure(b, "SELECT to_jsonb(2)");
      assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      release.countDown();
      holder.join(10_000);
      assertThat(b.ping().toCompletableFuture().join()).isTrue();
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
      assertThat(rows(b, SessionSettings.empty(), "SELECT data FROM t WHERE id = CAST(? AS integer)", 3))
          .containsExactly("[1, 2]");
      assertThat(b.blocking()).isTrue();
      assertThat(b.id()).isEqualTo("jdbc");
    }
    assertThatThrownBy(() -> new JdbcBackendProvider().create(new BackendConfig(null, 1, Duration.ofSeconds(5),
        Duration.ofSeconds(1), Map.of(JdbcBackendProvider.DATA_SOURCE, "nope"))))
        .hasMessageContaining("javax.sql.DataSource");
  }

  @Test
  void pingAnswersFalseWhenTheDatabaseIsGone() {
    DatabaseBackend b = create(1, Duration.ofSeconds(5), Duration.ofMillis(300));
    assertThat(b.ping().toCompletableFuture().join()).isTrue();
    b.close();
    assertThat(b.ping().toCompletableFuture().join()).isFalse();
    try (DatabaseBackend nowhere = new JdbcBackendProvider().create(new BackendConfig(
        DatabaseUrl.parse("postgresql://u:secret@127.0.0.1:1/x"), 1, Duration.ofSeconds(1), Duration.ofMillis(300), Map.of()))) {
      assertThat(nowhere.ping().toCompletableFuture().join()).isFalse();
      FraiseQLException e = failure(nowhere, "SELECT 1");
      assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
      assertThat(e.getMessage()).doesNotContain("secret");
    }
  }

  @Test
  void theProviderIsFoundByServiceLoader() {
    List<BackendProvider> found = Backends.discover(getClass().getClassLoader());
    assertThat(found).extracting(BackendProvider::id).containsExactly("jdbc");
    assertThat(Backends.select(found, null, null)).isInstanceOf(JdbcBackendProvider.class);
  }
}
