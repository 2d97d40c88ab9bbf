package io.fraiseql.backend.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.SqlStates;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BlockingFlowControl;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.PoolStatistics;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.Transaction;
import io.fraiseql.spi.TransactionWork;
import io.fraiseql.sql.SessionSql;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements through pgjdbc on a HikariCP pool. Each statement gets its own transaction
 * (autocommit off, so pgjdbc streams with the fetch size), started by the session prelude when
 * there are session variables; a small bounded read without them runs in autocommit. Rows
 * are read with {@code getBytes}: the jsonb text's UTF-8 bytes, no String, no tree. Blocking: the
 * engine keeps it off event loops.
 *
 * <p>Behind a transaction pooler ({@link BackendConfig#transactionPooling()}) nothing is kept in the
 * session: no timeout or time zone set once per connection (every transaction, and every bounded
 * read, starts with the prelude), and {@code prepareThreshold=0}, so pgjdbc never names a
 * server-side prepared statement that a later transaction, on another server connection, would
 * look for.
 */
final class JdbcBackend implements DatabaseBackend {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcBackend.class);
  private static final int FETCH_SIZE = 256;
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final DataSource dataSource;
  private final HikariDataSource pool; // null when the caller supplied the DataSource
  private final long statementTimeoutMillis;
  private final DatabaseUrl url; // null when the caller supplied the DataSource
  private final java.time.Duration poolTimeout;
  private final boolean pooled;
  /**
   * Script texts by the texts of their statements: a mutation of a plan template sends the same
   * statements every time, so its script is joined once. Bounded: past {@link #MAX_SCRIPTS}
   * texts, new ones are joined for each script.
   */
  private final java.util.concurrent.ConcurrentHashMap<List<String>, String> scripts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_SCRIPTS = 512;
  /** Physical connections whose session already has the timeout and UTC set. */
  private final java.util.Set<Object> preset =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

  JdbcBackend(BackendConfig config) {
    this.statementTimeoutMillis = config.statementTimeoutMillis();
    this.url = config.url();
    this.poolTimeout = config.poolTimeout();
    this.pooled = config.transactionPooling();
    Object supplied = config.options().get(JdbcBackendProvider.DATA_SOURCE);
    if (supplied != null) {
      if (!(supplied instanceof DataSource ds)) {
        throw new IllegalArgumentException("option dataSource must be a javax.sql.DataSource");
      }
      this.dataSource = ds;
      this.pool = null;
    } else {
      this.pool = new HikariDataSource(hikari(config));
      this.dataSource = pool;
    }
  }

  private static HikariConfig hikari(BackendConfig config) {
    DatabaseUrl url = config.url();
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("fraiseql-jdbc");
    hc.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      hc.setUsername(url.user());
    }
    if (url.password() != null) {
      hc.setPassword(url.password());
    }
    // the server's DETAIL ("Failing row contains (...)") holds row values: keep it out of messages and logs
    hc.addDataSourceProperty("logServerErrorDetail", "false");
    url.parameters().forEach(hc::addDataSourceProperty);
    Object registry = config.options().get(BackendConfig.METER_REGISTRY);
    if (registry != null) {
      hc.setMetricRegistry(registry); // HikariCP's own Micrometer tracker: hikaricp_connections_* meters
    }
    hc.addDataSourceProperty("ApplicationName", "fraiseql");
    if (config.transactionPooling()) {
      hc.addDataSourceProperty("prepareThreshold", "0"); // unnamed statements only: nothing outlives a transaction
    }
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    hc.setAutoCommit(false);
    hc.setConnectionTimeout(Math.max(250, config.poolTimeout().toMillis()));
    // fail at startup only when the database is unreachable, not when it is merely slow
    hc.setInitializationFailTimeout(-1);
    return hc;
  }

  @Override
  public String id() {
    return JdbcBackendProvider.ID;
  }

  @Override
  public BindStyle bindStyle() {
    return BindStyle.QUESTION_MARK;
  }

  @Override
  public boolean blocking() {
    return true;
  }

  /**
   * A statement known to return at most {@value #FETCH_SIZE} rows, without session variables, on
   * our own pool, runs in autocommit: one round trip, where a transaction needs the SELECT and a
   * COMMIT (a cursor would fetch those rows in one batch anyway, so nothing is lost by
   * buffering them). Anything else streams through a cursor in a transaction.
   */
  @Override
  public CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink) {
    if (pool != null && pooled && statement.boundedBy(FETCH_SIZE)) {
      // behind a transaction pooler: the prelude and the read as one script, still one round trip
      return script(settings, List.of(statement), List.of(sink));
    }
    if (pool != null && settings.isEmpty() && statement.boundedBy(FETCH_SIZE)) {
      return autocommit(statement, c -> run(c, statement, sink));
    }
    return transaction(settings, tx -> tx.stream(statement, sink).thenApply(v -> Boolean.TRUE));
  }

  /** Work on a connection in autocommit. */
  private interface ConnectionWork {
    void run(Connection c) throws SQLException, IOException;
  }

  /**
   * Runs {@code work} on a pooled connection switched to autocommit (outside a transaction pgjdbc
   * only flips a flag: no round trip) and back; failures of {@code statement} are mapped.
   */
  private CompletionStage<Void> autocommit(SqlStatement statement, ConnectionWork work) {
    try (Connection c = connection()) {
      if (!pooled) {
        presetSession(c);
      }
      c.setAutoCommit(true);
      try {
        work.run(c);
      } finally {
        c.setAutoCommit(false);
      }
      return CompletableFuture.completedFuture(null);
    } catch (SQLException e) {
      return CompletableFuture.failedFuture(map(e, statement));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Runs the work on one connection in one transaction. The backend is blocking, so every stage
   * the work returns is already complete; it is joined here, on the caller's thread.
   */
  @Override
  public CompletionStage<Void> transaction(SessionSettings settings, TransactionWork work) {
    SqlStatement[] current = new SqlStatement[1];
    Throwable[] failed = new Throwable[1];
    try (Connection c = connection()) {
      boolean preset = pool != null && !pooled && presetSession(c);
      if (c.getAutoCommit()) {
        c.setAutoCommit(false);
      }
      try {
        if (!preset || !settings.isEmpty()) {
          prelude(c, settings);
        }
        Transaction tx = (statement, sink) -> {
          current[0] = statement;
          try {
            run(c, statement, sink);
            return CompletableFuture.completedFuture(null);
          } catch (SQLException e) {
            failed[0] = map(e, statement); // the work sees the mapped error, never the driver's
            return CompletableFuture.failedFuture(failed[0]);
          } catch (IOException | RuntimeException e) {
            failed[0] = e;
            return CompletableFuture.failedFuture(e);
          }
        };
        boolean commit = work.run(tx).toCompletableFuture().join();
        if (commit && failed[0] != null) {
          // a failed statement leaves the transaction rollback-only, whatever the work answers
          c.rollback();
          return CompletableFuture.failedFuture(failed[0]);
        }
        if (commit) {
          c.commit();
        } else {
          c.rollback();
        }
        return CompletableFuture.completedFuture(null);
      } catch (CompletionException e) {
        rollbackQuietly(c);
        if (e.getCause() instanceof SQLException se) {
          throw se;
        }
        throw e;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      return CompletableFuture.failedFuture(map(e, current[0]));
    } catch (CompletionException e) {
      return CompletableFuture.failedFuture(e.getCause() == null ? e : e.getCause());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * On our own pool a script is one multi-statement execution in autocommit: pgjdbc sends every
   * statement (after the session prelude when there are session variables) followed by a single
   * Sync, and PostgreSQL runs them as one implicit transaction, committed at the Sync when all
   * succeed and rolled back when one fails: one round trip where a transaction takes one per
   * statement plus the COMMIT.
   */
  @Override
  public CompletionStage<Void> script(SessionSettings settings, List<SqlStatement> statements, List<RowSink> sinks) {
    if (pool == null || statements.size() != sinks.size() || statements.isEmpty()) {
      return DatabaseBackend.super.script(settings, statements, sinks);
    }
    List<String> parts = new java.util.ArrayList<>(statements.size() + 1);
    List<Object> params = new java.util.ArrayList<>();
    int skipped = 0;
    if (pooled || !settings.isEmpty()) {
      SqlStatement prelude = SessionSql.prelude(BindStyle.QUESTION_MARK, statementTimeoutMillis, settings);
      parts.add(prelude.sql());
      params.addAll(prelude.params());
      skipped = 1;
    }
    for (SqlStatement st : statements) {
      parts.add(st.sql());
      params.addAll(st.params());
    }
    String text = scripts.get(parts);
    if (text == null) {
      text = scriptText(parts);
      if (scripts.size() < MAX_SCRIPTS) {
        scripts.putIfAbsent(parts, text);
      }
    }
    SqlStatement whole = new SqlStatement(text, params);
    int first = skipped;
    CompletionStage<Void> done = autocommit(whole, c -> {
      try (PreparedStatement ps = c.prepareStatement(whole.sql())) {
        bind(ps, whole.params());
        boolean isRows = ps.execute(); // the script has run and committed once this returns
        for (int i = 0; isRows || ps.getUpdateCount() != -1; i++) {
          if (isRows) {
            try (ResultSet rs = ps.getResultSet()) {
              if (i >= first && i - first < sinks.size()) {
                deliverAll(rs, sinks.get(i - first));
              }
            }
          }
          isRows = ps.getMoreResults();
        }
      }
    });
    return settings.role() == null ? done : refusedRole(done, settings);
  }

  /** The statements of a script as one text, each without its trailing semicolons. */
  private static String scriptText(List<String> parts) {
    StringBuilder sql = new StringBuilder();
    for (String part : parts) {
      String text = part.strip();
      while (text.endsWith(";")) {
        text = text.substring(0, text.length() - 1).stripTrailing();
      }
      sql.append(sql.length() == 0 ? "" : ";\n").append(text);
    }
    return sql.toString();
  }

  /**
   * The prelude runs as the script's first statement, so a role the database refuses fails the
   * script like any statement would, with a SQLSTATE that statements can also raise (22023). When a
   * script with a role fails with such a state (rare: nothing was committed), the prelude alone,
   * in a transaction that is rolled back, tells whether it was the role.
   */
  private CompletionStage<Void> refusedRole(CompletionStage<Void> done, SessionSettings settings) {
    CompletableFuture<Void> f = done.toCompletableFuture(); // complete: this backend is blocking
    if (!f.isCompletedExceptionally()) {
      return done;
    }
    Throwable failure = f.handle((v, e) -> e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).join();
    if (!(failure instanceof FraiseQLException fe) || !SqlStates.refusesRole(fe.sqlState())) {
      return done;
    }
    try (Connection c = connection()) {
      try {
        prelude(c, settings);
      } finally {
        rollbackQuietly(c);
      }
      return done;
    } catch (FraiseQLException refused) {
      return CompletableFuture.failedFuture(refused);
    } catch (SQLException e) {
      return done;
    }
  }

  /**
   * A pooled connection. Behind a transaction pooler, a caller's DataSource may not say
   * {@code prepareThreshold=0}; the connection is told so before any statement runs on it.
   */
  private Connection connection() throws SQLException {
    Connection c = dataSource.getConnection();
    if (pooled && pool == null) {
      try {
        c.unwrap(org.postgresql.PGConnection.class).setPrepareThreshold(0);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /**
   * Runs a statement through a cursor, {@value #FETCH_SIZE} rows per fetch. The sink may pause it
   * ({@link BlockingFlowControl}): this thread then waits before the next row, fetching nothing.
   */
  private static void run(Connection c, SqlStatement statement, RowSink sink) throws SQLException, IOException {
    try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
      ps.setFetchSize(FETCH_SIZE);
      bind(ps, statement.params());
      BlockingFlowControl flow = new BlockingFlowControl();
      sink.onStart(flow);
      try (ResultSet rs = ps.executeQuery()) {
        while (flow.awaitResumed() && rs.next()) {
          deliver(rs, sink);
        }
      }
    }
  }

  /** Hands every row of {@code rs} to the sink (a small answer, read in one batch). */
  private static void deliverAll(ResultSet rs, RowSink sink) throws SQLException, IOException {
    while (rs.next()) {
      deliver(rs, sink);
    }
  }

  /** Hands the current row to the sink: its first column's bytes, {@code null} for SQL NULL. */
  private static void deliver(ResultSet rs, RowSink sink) throws SQLException, IOException {
    byte[] row = rs.getBytes(1);
    if (row == null) {
      sink.onRow(NULL, 0, NULL.length);
    } else {
      sink.onRow(row, 0, row.length);
    }
  }

  /**
   * On our own pool, sets {@code statement_timeout} and UTC once per physical connection, at
   * session level and outside any transaction, so that a transaction without session variables
   * needs no prelude round trip. (A caller's DataSource is left alone: its sessions are not ours
   * to change, so it always gets the transaction-local prelude.) Returns true when done.
   */
  private boolean presetSession(Connection c) throws SQLException {
    org.postgresql.PGConnection physical = c.unwrap(org.postgresql.PGConnection.class);
    if (preset.contains(physical)) {
      return true;
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("SET statement_timeout = " + statementTimeoutMillis + "; SET TimeZone = 'UTC'");
    } finally {
      c.setAutoCommit(auto);
    }
    preset.add(physical);
    return true;
  }

  /** Runs the session prelude; its failure is mapped here (a refused role is FORBIDDEN). */
  private void prelude(Connection c, SessionSettings settings) {
    SqlStatement prelude = SessionSql.prelude(BindStyle.QUESTION_MARK, statementTimeoutMillis, settings);
    try (PreparedStatement ps = c.prepareStatement(prelude.sql())) {
      bind(ps, prelude.params());
      ps.executeQuery().close();
    } catch (SQLException e) {
      FraiseQLException mapped = SqlStates.toPreludeException(e.getSQLState(), settings.role(), e);
      LOG.warn("The session prelude failed ({}, SQLSTATE {}): {}", mapped.code(), e.getSQLState(), e.getMessage());
      throw mapped;
    }
  }

  static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object v = params.get(i);
      if (v == null) {
        ps.setNull(i + 1, Types.OTHER);
      } else if (v instanceof String s) {
        ps.setString(i + 1, s);
      } else if (v instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (v instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (v instanceof Double d) {
        ps.setDouble(i + 1, d);
      } else if (v instanceof BigDecimal d) {
        ps.setBigDecimal(i + 1, d);
      } else if (v instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        ps.setObject(i + 1, v); // UUID, LocalDate, OffsetDateTime: pgjdbc binds them natively
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }

  /** The one mapping from pgjdbc exceptions to the engine's error model. */
  static FraiseQLException map(SQLException e, SqlStatement statement) {
    String sql = statement == null ? "(session prelude)" : statement.sql();
    String constraint = null;
    String column = null;
    if (e instanceof PSQLException pe) {
      ServerErrorMessage sem = pe.getServerErrorMessage();
      if (sem != null) {
        constraint = sem.getConstraint();
        column = sem.getColumn();
      }
    }
    FraiseQLException mapped = SqlStates.toException(e.getSQLState(), constraint, column, e);
    SqlStates.log(LOG, mapped, e.getMessage(), sql);
    return mapped;
  }

  /** HikariCP's counts; empty for a caller's DataSource, whose pool is not ours to read. */
  @Override
  public java.util.Optional<PoolStatistics> poolStatistics() {
    if (pool == null || pool.getHikariPoolMXBean() == null) {
      return java.util.Optional.empty();
    }
    com.zaxxer.hikari.HikariPoolMXBean mx = pool.getHikariPoolMXBean();
    return java.util.Optional.of(new PoolStatistics(Math.max(0, mx.getActiveConnections()),
        Math.max(0, mx.getIdleConnections()), Math.max(0, mx.getThreadsAwaitingConnection()), pool.getMaximumPoolSize()));
  }

  @Override
  public CompletionStage<Boolean> ping() {
    try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
      ps.executeQuery().close();
      if (!c.getAutoCommit()) { // an application's DataSource may hand out autocommit connections
        c.rollback();
      }
      return CompletableFuture.completedFuture(true);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("ping failed", e);
      return CompletableFuture.completedFuture(false);
    }
  }

  /** A connection of its own, outside the pool, with connect and read timeouts of about the pool timeout. */
  @Override
  public CompletionStage<Boolean> probe() {
    if (url == null || pool == null) {
      return ping(); // a caller's DataSource: its connections are not ours to open
    }
    if (pool.isClosed()) {
      return CompletableFuture.completedFuture(false);
    }
    java.util.Properties props = url.jdbcProperties();
    String seconds = Long.toString(Math.max(1, (poolTimeout.toMillis() + 999) / 1000));
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", seconds);
    props.setProperty("socketTimeout", seconds);
    props.setProperty("ApplicationName", "fraiseql-probe");
    try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), props);
        java.sql.Statement st = c.createStatement()) {
      st.execute("SELECT 1");
      return CompletableFuture.completedFuture(true);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("probe failed", e);
      return CompletableFuture.completedFuture(false);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
