package io.fraiseql.tck;

/**
 * Parts of the backend contract a backend may declare it does not support, by overriding
 * {@link BackendContractTest#unsupported(Capability)} with a reason. The kit then reports the
 * tests that need the capability as skipped, with that reason: an opt-out is always visible in
 * the test report, never silent.
 */
public enum Capability {
  /**
   * Rows reach the sink while the query still runs, and the server does not run far ahead of a
   * slow sink (fetch size, cursor or back-pressure): memory stays bounded however many rows come.
   */
  STREAMING,

  /**
   * A bounded connection pool: at most {@code poolSize} connections, and a request that finds
   * none free fails with {@code CONNECTION_ERROR} after {@code poolTimeout}.
   */
  BOUNDED_POOL,

  /**
   * Statements that change data ({@code INSERT ... RETURNING}) run through {@code stream} and
   * commit, or roll back when anything fails; and {@code DatabaseBackend.transaction} runs several
   * statements in one transaction, committing or rolling back as the work answers (what mutations
   * need). Needed by the constraint-mapping, rollback and write-transaction tests.
   */
  WRITES,

  /**
   * The sink can pause a streamed statement without blocking the thread that delivers its rows:
   * the backend calls {@link io.fraiseql.spi.RowSink#onStart} with a
   * {@link io.fraiseql.spi.FlowControl}, hands over at most a bounded batch after
   * {@code pause()}, reads no further from the server until {@code resume()}, holds only the
   * statement's own connection meanwhile, and stops cleanly when the sink throws after resuming.
   * What the server needs so that clients that stop reading cannot hold its threads.
   */
  FLOW_CONTROL,

  /**
   * With {@link io.fraiseql.spi.BackendConfig#transactionPooling()} on, nothing outlives a
   * transaction on a server connection: sessions start without the timeout or the time zone as
   * startup parameters (PgBouncer refuses them), every transaction and every read runs the session
   * prelude itself, and no named server-side prepared statement is left behind for a later
   * transaction (which a transaction pooler may run on another server connection) to trip over.
   */
  TRANSACTION_POOLING
}
