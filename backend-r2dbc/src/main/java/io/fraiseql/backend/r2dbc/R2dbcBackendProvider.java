package io.fraiseql.backend.r2dbc;

import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.DatabaseBackend;

/** The r2dbc-postgresql + r2dbc-pool backend, id {@code r2dbc}. Non-blocking: rows reach the sink on a Netty event loop. */
public final class R2dbcBackendProvider implements BackendProvider {
  /** The id users select with {@code FRAISEQL_DB_BACKEND=r2dbc}. */
  public static final String ID = "r2dbc";

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public R2dbcBackendProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DatabaseBackend create(BackendConfig config) {
    return new R2dbcBackend(config);
  }
}
