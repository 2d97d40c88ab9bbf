package io.fraiseql.spi;

/**
 * A snapshot of a backend's connection pool, for metrics ({@link DatabaseBackend#poolStatistics()}).
 *
 * @param active connections lent out, running a statement or a transaction
 * @param idle open connections waiting in the pool
 * @param pending requests waiting for a connection
 * @param max the most connections the pool opens
 */
public record PoolStatistics(int active, int idle, int pending, int max) {
  public PoolStatistics {
    if (active < 0 || idle < 0 || pending < 0 || max < 0) {
      throw new IllegalArgumentException("pool statistics must not be negative");
    }
  }
}
