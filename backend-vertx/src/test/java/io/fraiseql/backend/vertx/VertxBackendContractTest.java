package io.fraiseql.backend.vertx;

import io.fraiseql.spi.BackendProvider;
import io.fraiseql.tck.BackendContractTest;

/** The backend compatibility kit against vertx-pg-client: every capability, no opt-outs. */
class VertxBackendContractTest extends BackendContractTest {
  @Override
  protected BackendProvider provider() {
    return new VertxBackendProvider();
  }
}
