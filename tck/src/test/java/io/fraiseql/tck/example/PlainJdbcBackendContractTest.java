package io.fraiseql.tck.example;

import io.fraiseql.spi.BackendProvider;
import io.fraiseql.tck.BackendContractTest;

/** Certifies the example backend: the whole kit, no opt-outs. */
class PlainJdbcBackendContractTest extends BackendContractTest {
  @Override
  protected BackendProvider provider() {
    return new PlainJdbcBackendProvider();
  }
}
