package io.fraiseql.spi;

import java.io.IOException;

/**
 * Receives the rows of a query as the backend reads them. Each row is the UTF-8 JSON text of the
 * selected column; the bytes are only valid during the call (the backend may reuse its buffer).
 * Calls are sequential, never concurrent.
 */
@FunctionalInterface
public interface RowSink {
  /**
   * Takes one row. Throwing stops the query: the backend cancels reading, releases its resources
   * and completes exceptionally with the thrown exception.
   */
  void onRow(byte[] json, int offset, int length) throws IOException;

  /**
   * Called once per statement, before its first row (also when it has none), by a backend that
   * lets the sink pause it: see {@link FlowControl}. A backend may skip the call for a statement it
   * reads in one batch anyway (a small {@link io.fraiseql.api.SqlStatement#maxRows()}); a backend
   * that never calls it gives the sink no other way to slow it down than to block in
   * {@link #onRow}. The default ignores it.
   */
  default void onStart(FlowControl flow) {
    // a sink that never pauses needs nothing
  }
}
