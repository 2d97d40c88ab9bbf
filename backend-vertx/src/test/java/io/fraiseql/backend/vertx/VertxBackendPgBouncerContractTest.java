package io.fraiseql.backend.vertx;

import io.fraiseql.spi.BackendConfig;
import io.fraiseql.tck.PgBouncer;

/**
 * The whole backend compatibility kit again, through a real PgBouncer in {@code pool_mode =
 * transaction} with the backend's transaction-pooling mode on. Skipped, with the reason, where
 * PgBouncer is not installed.
 */
class VertxBackendPgBouncerContractTest extends VertxBackendContractTest {
  @Override
  protected BackendConfig configure(BackendConfig config) {
    return PgBouncer.shared().route(config);
  }
}
