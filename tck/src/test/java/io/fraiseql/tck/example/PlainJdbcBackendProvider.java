package io.fraiseql.tck.example;

import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.DatabaseBackend;

/** The example third-party backend's provider, registered in META-INF/services. */
public final class PlainJdbcBackendProvider implements BackendProvider {
  static final String ID = "plain-jdbc";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DatabaseBackend create(BackendConfig config) {
    if (config.url() == null) {
      throw new IllegalArgumentException("the plain-jdbc backend needs a database URL");
    }
    return new PlainJdbcBackend(config);
  }
}
