package io.fraiseql.spi;

import java.io.IOException;

/**
 * Receives the rows of a query as the backend reads them. Each row is the UTF-8 JSON text of the
 * selected column; the bytes are only valid during the call (the backend may reuse its buffer).
 */
@FunctionalInterface
public interface RowSink {
  /**
   * Takes one row. Throwing stops the query: the backend cancels reading, releases its resources
   * and completes exceptionally with the thrown exception.
   */
  void onRow(byte[] json, int offset, int length) throws IOException;
}
