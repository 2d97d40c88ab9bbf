package io.fraiseql.spi;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that finds backend providers and picks one. The {@code FRAISEQL_DB_BACKEND}
 * environment variable is read here and nowhere else. Nothing falls back silently: zero providers,
 * an unknown id, two providers with one id, or several providers without a choice is an error
 * listing what was found.
 */
public final class Backends {
  /** The environment variable naming the backend id. */
  public static final String ENV = "FRAISEQL_DB_BACKEND";

  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private Backends() {}

  /** Every provider on the class path of the given loader. */
  public static List<BackendProvider> discover(ClassLoader loader) {
    List<BackendProvider> found = new ArrayList<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class, loader)) {
      found.add(p);
    }
    return found;
  }

  /**
   * Picks a provider. {@code requestedId} (from the builder) wins over the environment variable;
   * both may be null.
   */
  public static BackendProvider select(List<BackendProvider> found, String requestedId, String envId) {
    String wanted = blankToNull(requestedId);
    if (wanted == null) {
      wanted = blankToNull(envId);
    }
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "No FraiseQL database backend on the class path. Add one of fraiseql-backend-jdbc, "
              + "fraiseql-backend-vertx or fraiseql-backend-r2dbc as a dependency.");
    }
    List<BackendProvider> matching = new ArrayList<>();
    for (BackendProvider p : found) {
      if (wanted == null || p.id().equals(wanted.toLowerCase(Locale.ROOT))) {
        matching.add(p);
      }
    }
    if (wanted != null && matching.isEmpty()) {
      throw new IllegalStateException(
          "Unknown database backend '" + wanted + "'. Found: " + describe(found));
    }
    if (matching.size() > 1) {
      throw new IllegalStateException(
          (wanted == null
                  ? "Several database backends are on the class path; choose one with "
                      + ENV
                      + " or the builder's backend option. Found: "
                  : "Several providers share the backend id '" + wanted + "'. Found: ")
              + describe(matching));
    }
    BackendProvider chosen = matching.get(0);
    LOG.info("Database backend: {}", describe(List.of(chosen)));
    return chosen;
  }

  /** Discovers with the context class loader and selects with the environment variable. */
  public static BackendProvider select(String requestedId) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return select(discover(cl == null ? Backends.class.getClassLoader() : cl), requestedId, System.getenv(ENV));
  }

  static String describe(List<BackendProvider> providers) {
    return providers.stream()
        .map(p -> p.id() + " (version " + p.version() + ", " + jarOf(p) + ")")
        .collect(Collectors.joining(", "));
  }

  private static String jarOf(BackendProvider p) {
    CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
    return cs == null || cs.getLocation() == null ? "unknown location" : cs.getLocation().toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
