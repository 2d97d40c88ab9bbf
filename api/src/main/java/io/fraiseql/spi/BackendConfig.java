package io.fraiseql.spi;

import io.fraiseql.api.DatabaseUrl;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a backend is built from. Validated once; immutable.
 *
 * @param url where the database is ({@code null} when a backend-specific connection source is
 *     given in {@code options}, e.g. a JDBC {@code javax.sql.DataSource} under "dataSource")
 * @param poolSize the maximum number of connections
 * @param statementTimeout the per-statement timeout set in every transaction
 * @param poolTimeout how long a request waits for a free connection before failing
 * @param options backend-specific extras, by name
 * @param transactionPooling true when a pooler that hands out server connections per transaction
 *     (PgBouncer with {@code pool_mode = transaction}) sits between the engine and PostgreSQL: the
 *     backend must then keep no state in the session (every transaction sets the statement timeout
 *     and the time zone itself, nothing goes into startup parameters) and must not rely on a
 *     server-side prepared statement outliving the transaction that made it
 */
public record BackendConfig(
    DatabaseUrl url,
    int poolSize,
    Duration statementTimeout,
    Duration poolTimeout,
    Map<String, Object> options,
    boolean transactionPooling) {

  /**
   * Option key for a Micrometer {@code MeterRegistry} (kept as {@code Object}: the SPI does not
   * depend on Micrometer) that a backend may register its pool's own meters with, e.g. HikariCP's
   * tracker. A backend that has none ignores it; {@link DatabaseBackend#poolStatistics()} is the
   * portable view of the pool.
   */
  public static final String METER_REGISTRY = "meterRegistry";

  public BackendConfig {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
    }
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(poolTimeout, "poolTimeout");
    if (statementTimeout.isNegative() || poolTimeout.isNegative() || poolTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    if (url == null && (options.isEmpty() || options.keySet().equals(java.util.Set.of(METER_REGISTRY)))) {
      throw new IllegalArgumentException("a database URL or a connection source is required");
    }
  }

  /** A configuration for a direct connection to PostgreSQL (no transaction pooler in between). */
  public BackendConfig(
      DatabaseUrl url, int poolSize, Duration statementTimeout, Duration poolTimeout, Map<String, Object> options) {
    this(url, poolSize, statementTimeout, poolTimeout, options, false);
  }

  /** This configuration with another URL (a read replica, or a pooler in front of the same database). */
  public BackendConfig withUrl(DatabaseUrl other) {
    return new BackendConfig(other, poolSize, statementTimeout, poolTimeout, options, transactionPooling);
  }

  /** This configuration with {@link #transactionPooling()} set as given. */
  public BackendConfig withTransactionPooling(boolean pooled) {
    return new BackendConfig(url, poolSize, statementTimeout, poolTimeout, options, pooled);
  }

  /** The statement timeout in whole milliseconds, as PostgreSQL's setting takes it. */
  public long statementTimeoutMillis() {
    return statementTimeout.toMillis();
  }
}
