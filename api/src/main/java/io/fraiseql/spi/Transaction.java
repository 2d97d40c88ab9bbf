package io.fraiseql.spi;

import io.fraiseql.api.SqlStatement;
import java.util.concurrent.CompletionStage;

/**
 * One open transaction of a backend, for {@link DatabaseBackend#transaction}: statements run in
 * order on the same connection, after the session prelude.
 */
public interface Transaction {
  /**
   * Runs a statement in this transaction, streaming the first column of each row to
   * {@code sink} as UTF-8 JSON bytes. A failure completes the stage exceptionally (and the whole
   * transaction is rolled back).
   */
  CompletionStage<Void> stream(SqlStatement statement, RowSink sink);
}
