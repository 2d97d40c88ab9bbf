package io.fraiseql;

import io.fraiseql.api.GraphQLRequest;
import java.util.Locale;
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
  /**
   * The prefix of the request attributes that hold verified token claims:
   * {@code claim:sub}, {@code claim:org.id}. Whoever builds the request (the server, after
   * verifying the token) fills them; an HTTP header can never have such a name, since header
   * names cannot contain {@code :}.
   */
  public static final String CLAIM_PREFIX = "claim:";

  public SessionVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    if (name.indexOf('.') <= 0 || name.endsWith(".")) {
      throw new IllegalArgumentException("Session variable names must be qualified like app.tenant_id: " + name);
    }
  }

  /** A setting taken from a request attribute (for HTTP: the header, by lowercase name). */
  public static SessionVariable fromAttribute(String name, String attribute) {
    String key = attribute.toLowerCase(Locale.ROOT);
    return new SessionVariable(name, r -> r.attributes().get(key));
  }

  /**
   * A setting taken from a verified token claim: the request attribute {@code claim:<path>}
   * ({@code path} a claim name, or a dotted path into nested claims such as {@code org.id}; case
   * kept).
   */
  public static SessionVariable fromClaim(String name, String path) {
    String key = CLAIM_PREFIX + path;
    return new SessionVariable(name, r -> r.attributes().get(key));
  }

  /**
   * Parses {@code app.tenant_id=header:X-Tenant-Id} or {@code app.user_id=claim:sub} (the command
   * line and {@code FRAISEQL_SESSION_VARIABLES} syntax; {@code claim:org.id} reads a nested claim).
   */
  public static SessionVariable parse(String spec) {
    int eq = spec.indexOf('=');
    String source = eq < 0 ? "" : spec.substring(eq + 1).trim();
    String name = eq <= 0 ? "" : spec.substring(0, eq).trim();
    if (!name.isEmpty() && source.regionMatches(true, 0, "header:", 0, 7) && !source.substring(7).isBlank()) {
      return fromAttribute(name, source.substring(7).trim());
    }
    if (!name.isEmpty() && source.regionMatches(true, 0, CLAIM_PREFIX, 0, 6) && validClaimPath(source.substring(6).trim())) {
      return fromClaim(name, source.substring(6).trim());
    }
    throw new IllegalArgumentException(
        "Session variable must look like app.tenant_id=header:X-Tenant-Id or app.user_id=claim:sub, got: " + spec);
  }

  /** The claim path of a {@code NAME=claim:PATH} specification, or {@code null} for another source. */
  public static String claimPath(String spec) {
    int eq = spec.indexOf('=');
    String source = eq < 0 ? "" : spec.substring(eq + 1).trim();
    return source.regionMatches(true, 0, CLAIM_PREFIX, 0, 6) ? source.substring(6).trim() : null;
  }

  private static boolean validClaimPath(String path) {
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isWhitespace(path.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
