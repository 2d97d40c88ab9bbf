package io.fraiseql.spi;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A connection pool to PostgreSQL that runs the engine's statements. Implementations must be
 * thread-safe. Every failure completes the returned stage with a
 * {@link io.fraiseql.api.error.FraiseQLException} built by
 * {@link io.fraiseql.api.error.SqlStates#toException}; a driver exception never escapes.
 */
public interface DatabaseBackend extends AutoCloseable {

  /** The provider id ({@code jdbc}, {@code vertx}, ...). */
  String id();

  /** How the SQL given to this backend spells bind parameters. */
  BindStyle bindStyle();

  /**
   * True when {@link #stream} blocks the calling thread until the query is done (JDBC). The
   * engine then keeps it off event loops.
   */
  default boolean blocking() {
    return false;
  }

  /**
   * Runs one read statement in its own transaction: first the session settings and the
   * statement timeout, then the statement, then commit. The first column of each row is handed to
   * {@code sink} as UTF-8 JSON bytes, in order, without building strings or trees. Rows are
   * streamed (fetch size, cursor or back-pressure): memory stays bounded however many rows come.
   */
  CompletionStage<Void> stream(SessionSettings settings, SqlStatement statement, RowSink sink);

  /**
   * Runs several statements in one read-write transaction: the session prelude first, then
   * {@code work}, then commit or rollback as the work decides. Used for mutations (a DML statement,
   * then the re-read of the view by id, must see each other's effects). A backend that cannot
   * do this keeps this default, which fails visibly.
   */
  default CompletionStage<Void> transaction(SessionSettings settings, TransactionWork work) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "The " + id() + " backend does not support write transactions"));
  }

  /**
   * Runs a short script: {@code statements} in order, in one transaction that commits when every
   * one of them succeeds and rolls back when one fails (the later ones then do not run). The rows
   * of {@code statements.get(i)} go to {@code sinks.get(i)}. Meant for statements with small
   * answers (a DML statement with {@code RETURNING}, the re-read of one row): a backend may send
   * the whole script in one round trip and buffer the answers, handing them over once the script
   * has committed; a sink that throws then completes the stage with its exception without undoing
   * the script. This default runs the statements one by one through {@link #transaction}.
   *
   * @throws IllegalArgumentException (as the stage's failure) when the lists differ in size
   */
  default CompletionStage<Void> script(SessionSettings settings, List<SqlStatement> statements, List<RowSink> sinks) {
    if (statements.size() != sinks.size()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          statements.size() + " statements but " + sinks.size() + " sinks"));
    }
    return transaction(settings, tx -> {
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (int i = 0; i < statements.size(); i++) {
        SqlStatement statement = statements.get(i);
        RowSink sink = sinks.get(i);
        chain = chain.thenCompose(v -> tx.stream(statement, sink));
      }
      return chain.thenApply(v -> Boolean.TRUE);
    });
  }

  /**
   * The pool's connections right now (in use, idle, waiting requests), read cheaply and without
   * blocking, for metrics; empty when the backend cannot tell (this default). Called from any
   * thread, typically once per metrics scrape.
   */
  default java.util.Optional<PoolStatistics> poolStatistics() {
    return java.util.Optional.empty();
  }

  /** Completes with true when the database answers a trivial query. Never fails. */
  CompletionStage<Boolean> ping();

  /**
   * Like {@link #ping()}, but on a connection of its own, opened for the check and closed after
   * it, outside the pool: a pool whose connections are all busy (slow statements, slow clients)
   * must not make a database that answers look down. Completes within about the pool timeout;
   * never fails. The engine calls it only when {@link #ping()} did not answer true quickly, and at
   * most about once a second. The default waits for {@link #ping()}.
   */
  default CompletionStage<Boolean> probe() {
    return ping();
  }

  /** Closes the pool; in-flight statements may fail with {@code CONNECTION_ERROR}. */
  @Override
  void close();
}
