package io.fraiseql.backend.jdbc;

import io.fraiseql.spi.BackendProvider;
import io.fraiseql.tck.BackendContractTest;

/** The backend compatibility kit against pgjdbc + HikariCP: every capability, no opt-outs. */
class JdbcBackendContractTest extends BackendContractTest {
  @Override
  protected BackendProvider provider() {
    return new JdbcBackendProvider();
  }
}
