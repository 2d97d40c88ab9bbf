package io.fraiseql.backend.vertx;

import io.fraiseql.spi.BackendConfig;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.DatabaseBackend;

/** The vertx-pg-client backend, id {@code vertx}. Non-blocking: rows reach the sink on a Vert.x event loop. */
public final class VertxBackendProvider implements BackendProvider {
  /** The id users select with {@code FRAISEQL_DB_BACKEND=vertx}. */
  public static final String ID = "vertx";

  /**
   * Option key for a caller-supplied {@code io.vertx.core.Vertx} to run on (the backend then
   * does not close it). Without it the backend starts and owns a Vert.x instance of its own.
   */
  public static final String VERTX = "vertx";

  /** The provider {@link java.util.ServiceLoader} instantiates. */
  public VertxBackendProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public DatabaseBackend create(BackendConfig config) {
    return new VertxBackend(config);
  }
}
