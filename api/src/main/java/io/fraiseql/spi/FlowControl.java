package io.fraiseql.spi;

/**
 * Demand for the rows of one statement, handed to {@link RowSink#onStart} by a backend that
 * supports it: a sink that cannot take more rows for a while (an HTTP client that stopped reading)
 * pauses the backend instead of blocking the thread that delivers the rows, and resumes it later.
 *
 * <p>While paused, a backend reads nothing more from the database (the server waits, as for any
 * slow client) and hands over at most the rows it already holds from its last fetch, a bounded
 * batch (ours hand over none). A non-blocking backend frees its threads meanwhile; a blocking one
 * (JDBC) simply waits on its own thread. Both keep the statement's connection: a paused statement
 * holds a database connection, so callers bound how many statements may be paused at once.
 *
 * <p>Both methods are thread-safe and idempotent, may be called from {@link RowSink#onRow} or from
 * any other thread, and never block. A sink that wants to stop while paused resumes and throws
 * from the next {@link RowSink#onRow}, which cancels the statement like any throwing sink.
 */
public interface FlowControl {
  /** Asks the backend to stop handing over rows until {@link #resume()}. */
  void pause();

  /**
   * Lets the backend go on. Rows may be delivered on the calling thread before this returns, when
   * the backend already holds some.
   */
  void resume();
}
