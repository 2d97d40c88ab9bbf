package io.fraiseql.backend.r2dbc;

import io.fraiseql.spi.BackendProvider;
import io.fraiseql.tck.BackendContractTest;

/** The backend compatibility kit against r2dbc-postgresql + r2dbc-pool: every capability, no opt-outs. */
class R2dbcBackendContractTest extends BackendContractTest {
  @Override
  protected BackendProvider provider() {
    return new R2dbcBackendProvider();
  }
}
