package io.fraiseql.tck.example;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.SqlStates;
import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.DatabaseBackend;
import io.fraiseql.spi.RowSink;
import io.fraiseql.spi.SessionSettings;
import io.fraiseql.spi.TransactionWork;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The smallest backend that passes the kit: plain pgjdbc, one new connection per transaction (no
 * pool; a semaphore bounds the connections open at once to {@code poolSize}). It shows the whole
 * contract in one screen: a transaction (a single read is a transaction of one statement), the
 * session prelude first, rows streamed with a fetch size, the first column's bytes handed to the
 * sink, commit or rollback as the work answers, and every failure mapped by
 * {@link SqlStates#toException}.
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
    return transaction(settings, tx -> tx.stream(statement, sink).thenApply(done -> Boolean.TRUE));
  }

  /**
   * One connection, the prelude, then the work's statements on it, then commit or rollback as the
   * work answers. Blocking: each statement runs when the work calls it, so its stage is already
   * complete, and the work's answer is joined here on the caller's thread.
   */
  @Override
  public CompletionStage<Void> transaction(SessionSettings settings, TransactionWork work) {
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
      return run(settings, work);
    } finally {
      connections.release();
    }
  }

  private CompletionStage<Void> run(SessionSettings settings, TransactionWork work) {
    try (Connection c = connect()) {
      c.setAutoCommit(false); // a transaction, and pgjdbc streams with a fetch size only without autocommit
      try {
        prelude(c, settings);
        Throwable[] failed = new Throwable[1];
        boolean commit = work.run((statement, sink) -> statement(c, statement, sink)
            .whenComplete((done, failure) -> failed[0] = failed[0] == null ? failure : failed[0]))
            .toCompletableFuture().join();
        if (commit && failed[0] != null) {
          c.rollback(); // a failed statement makes the transaction rollback-only
          return CompletableFuture.failedFuture(failed[0]);
        }
        if (commit) {
          c.commit();
        } else {
          c.rollback();
        }
        return CompletableFuture.completedFuture(null);
      } catch (SQLException | RuntimeException e) {
        if (!c.isClosed()) {
          c.rollback();
        }
        throw e;
      }
    } catch (SQLException e) {
      return CompletableFuture.failedFuture(mapped(e));
    } catch (CompletionException e) {
      return CompletableFuture.failedFuture(e.getCause()); // a statement's mapped failure, the sink's or the work's own
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** One statement on the transaction's connection; its failure mapped, or the sink's own exception. */
  private static CompletionStage<Void> statement(Connection c, SqlStatement statement, RowSink sink) {
    try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
      ps.setFetchSize(256);
      for (int i = 0; i < statement.params().size(); i++) {
        ps.setObject(i + 1, statement.params().get(i));
      }
      // flow control: a sink that pauses makes this thread wait before the next row
      io.fraiseql.spi.BlockingFlowControl flow = new io.fraiseql.spi.BlockingFlowControl();
      sink.onStart(flow);
      try (ResultSet rs = ps.executeQuery()) {
        while (flow.awaitResumed() && rs.next()) {
          byte[] row = rs.getBytes(1);
          sink.onRow(row == null ? NULL : row, 0, row == null ? NULL.length : row.length);
        }
      }
      return CompletableFuture.completedFuture(null);
    } catch (SQLException e) {
      return CompletableFuture.failedFuture(mapped(e));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e); // the sink's own exception, as the contract says
    }
  }

  private static FraiseQLException mapped(SQLException e) {
    ServerErrorMessage sem = e instanceof PSQLException pe ? pe.getServerErrorMessage() : null;
    return SqlStates.toException(e.getSQLState(), sem == null ? null : sem.getConstraint(),
        sem == null ? null : sem.getColumn(), e);
  }

  /**
   * The statement timeout, UTC, the app.* settings and the role, all local to the transaction
   * (the role last: {@code set_config('role', ?, true)} is {@code SET LOCAL ROLE}); a role the
   * database refuses is FORBIDDEN.
   */
  private void prelude(Connection c, SessionSettings settings) {
    StringBuilder sql = new StringBuilder(
        "SELECT set_config('statement_timeout', ?, true), set_config('TimeZone', 'UTC', true)");
    for (int i = 0; i < settings.values().size(); i++) {
      sql.append(", set_config(?, ?, true)");
    }
    if (settings.role() != null) {
      sql.append(", set_config('role', ?, true)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setString(i++, Long.toString(statementTimeoutMillis));
      for (Map.Entry<String, String> e : settings.values().entrySet()) {
        ps.setString(i++, e.getKey());
        ps.setString(i++, e.getValue());
      }
      if (settings.role() != null) {
        ps.setString(i, settings.role());
      }
      ps.executeQuery().close();
    } catch (SQLException e) {
      throw SqlStates.toPreludeException(e.getSQLState(), settings.role(), e);
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
