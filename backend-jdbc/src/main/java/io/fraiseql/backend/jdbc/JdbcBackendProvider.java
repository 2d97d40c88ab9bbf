package io.fraiseql.backend.jdbc;

import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.DatabaseBackend;

/** The pgjdbc + HikariCP backend, id {@code jdbc}. */
public final class JdbcBackendProvider implements BackendProvider {
  /** The id users select with {@code FRAISEQL_DB_BACKEND=jdbc}. */
  public static final String ID = "jdbc";

  /** Option key for a caller-supplied {@code javax.sql.DataSource} (used instead of a URL). */
  public static final String DATA_SOURCE = "dataSource";

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public JdbcBackendProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DatabaseBackend create(BackendConfig config) {
    return new JdbcBackend(config);
  }
}
