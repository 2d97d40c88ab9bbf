package io.fraiseql;

import io.fraiseql.api.GraphQLRequest;
import java.util.Objects;
import java.util.function.Function;

/**
 * A PostgreSQL setting ({@code app.tenant_id}) filled per request, set with
 * {@code set_config(name, value, true)} in every transaction. A provider returning {@code null}
 * leaves the setting unset.
 *
 * @param name the qualified setting name
 * @param provider computes the value from the request
 */
public record SessionVariable(String name, Function<GraphQLRequest, String> provider) {
  public SessionVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    if (name.indexOf('.') <= 0 || name.endsWith(".")) {
      throw new IllegalArgumentException("Session variable names must be qualified like app.tenant_id: " + name);
    }
  }

  /** A setting taken from a request attribute (for HTTP: the header, by lowercase name). */
  public static SessionVariable fromAttribute(String name, String attribute) {
    String key = attribute.toLowerCase(java.util.Locale.ROOT);
    return new SessionVariable(name, r -> r.attributes().get(key));
  }

  /**
   * Parses {@code app.tenant_id=header:X-Tenant-Id} (the command line and
   * {@code FRAISEQL_SESSION_VARIABLES} syntax).
   */
  public static SessionVariable parse(String spec) {
    int eq = spec.indexOf('=');
    String source = eq < 0 ? "" : spec.substring(eq + 1).trim();
    if (eq <= 0 || !source.regionMatches(true, 0, "header:", 0, 7) || source.length() == 7) {
      throw new IllegalArgumentException(
          "Session variable must look like app.tenant_id=header:X-Tenant-Id, got: " + spec);
    }
    return fromAttribute(spec.substring(0, eq).trim(), source.substring(7).trim());
  }
}
