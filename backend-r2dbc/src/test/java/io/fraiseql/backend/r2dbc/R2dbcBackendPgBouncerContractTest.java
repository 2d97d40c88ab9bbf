package io.fraiseql.backend.r2dbc;

import io.fraiseql.spi.BackendConfig;
import io.fraiseql.tck.PgBouncer;

/**
 * The whole backend compatibility kit again, through a real PgBouncer in {@code pool_mode =
 * transaction} with the backend's transaction-pooling mode on. Skipped, with the reason, where
 * PgBouncer is not installed.
 */
class R2dbcBackendPgBouncerContractTest extends R2dbcBackendContractTest {
  @Override
  protected BackendConfig configure(BackendConfig config) {
    return PgBouncer.shared().route(config);
  }
}
