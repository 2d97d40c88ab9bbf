package io.fraiseql.tck.example;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.SqlStates;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PSQLException;

/**
 * The smallest backend that passes the kit: plain pgjdbc, one new connection per statement (no
 * pool; a semaphore bounds the connections open at once to {@code poolSize}). It shows the whole contract in one screen: a transaction per statement, the session
 * prelude first, rows streamed with a fetch size, the first column's bytes handed to the sink,
 * commit, and every failure mapped by {@link SqlStates#toException}.
 */
final class PlainJdbcBackend implements DatabaseBackend {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final DatabaseUrl url;
  private final long statementTimeoutMillis;
  private final Semaphore connections; // at most poolSize connections at once
  private final long poolTimeoutMillis;
  private volatile boolean closed;

  PlainJdbcBackend(BackendConfig config) {
    this.url = config.url();
    this.statementTimeoutMillis = config.statementTimeoutMillis();
    this.connections = new Semaphore(config.poolSize(), true);
    this.poolTimeoutMillis = config.poolTimeout().toMillis();
  }

  @Override
  public String id() {
    return PlainJdbcBackendProvider.ID;
  }

  @Override
  public BindStyle bindStyle() {
    return BindStyle.QUESTION_MARK;
  }

  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink) {
    try {
      if (!connections.tryAcquire(poolTimeoutMillis, TimeUnit.MILLISECONDS)) {
        return CompletableFuture.failedFuture(SqlStates.toException(null, null,
            new SQLException("no connection free within " + poolTimeoutMillis + " ms", "08004")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(SqlStates.toException(null, null, e));
    }
    try {
      return run(settings, statement, sink);
    } finally {
      connections.release();
    }
  }

  private CompletionStage<Void> run(SessionSettings settings, SqlStatement statement, RowSink sink) {
    try (Connection c = connect()) {
      c.setAutoCommit(false); // a transaction, and pgjdbc streams with a fetch size only without autocommit
      try {
        prelude(c, settings);
        try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
          ps.setFetchSize(256);
          for (int i = 0; i < statement.params().size(); i++) {
            ps.setObject(i + 1, statement.params().get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              byte[] row = rs.getBytes(1);
              sink.onRow(row == null ? NULL : row, 0, row == null ? NULL.length : row.length);
            }
          }
        }
        c.commit();
        return CompletableFuture.completedFuture(null);
      } catch (SQLException | IOException | RuntimeException e) {
        if (!c.isClosed()) {
          c.rollback();
        }
        throw e;
      }
    } catch (SQLException e) {
      String constraint = e instanceof PSQLException pe && pe.getServerErrorMessage() != null
          ? pe.getServerErrorMessage().getConstraint() : null;
      return CompletableFuture.failedFuture(SqlStates.toException(e.getSQLState(), constraint, e));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e); // the sink's own exception, as the contract says
    }
  }

  /** The statement timeout, UTC, and the app.* settings, all local to the transaction. */
  private void prelude(Connection c, SessionSettings settings) throws SQLException {
    StringBuilder sql = new StringBuilder(
        "SELECT set_config('statement_timeout', ?, true), set_config('TimeZone', 'UTC', true)");
    for (int i = 0; i < settings.values().size(); i++) {
      sql.append(", set_config(?, ?, true)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setString(i++, Long.toString(statementTimeoutMillis));
      for (Map.Entry<String, String> e : settings.values().entrySet()) {
        ps.setString(i++, e.getKey());
        ps.setString(i++, e.getValue());
      }
      ps.executeQuery().close();
    }
  }

  private Connection connect() throws SQLException {
    if (closed) {
      throw new SQLException("backend closed", "08003");
    }
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    return DriverManager.getConnection(
        "jdbc:postgresql://" + url.host() + ":" + url.port() + "/" + url.database(), props);
  }

  @Override
  public CompletionStage<Boolean> ping() {
    try (Connection c = connect()) {
      return CompletableFuture.completedFuture(c.isValid(5));
    } catch (SQLException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
