package io.fraiseql.spi;

/**
 * A database backend, registered in {@code META-INF/services/io.fraiseql.spi.BackendProvider} and
 * found with {@link java.util.ServiceLoader}. See {@link Backends} for how one is chosen.
 */
public interface BackendProvider {

  /** A short, unique, lowercase id ({@code jdbc}, {@code vertx}, {@code r2dbc}). */
  String id();

  /** The implementation version, for the startup log and error messages. */
  default String version() {
    Package p = getClass().getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** Opens the backend's pool. Fails fast with a message a user can act on. */
  DatabaseBackend create(BackendConfig config);
}
