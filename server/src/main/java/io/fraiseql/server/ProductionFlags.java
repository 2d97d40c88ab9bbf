package io.fraiseql.server;

import io.fraiseql.SessionVariable;
import io.fraiseql.server.Cli.Option;
import io.fraiseql.server.Cli.UsageException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;

/**
 * The command line's production options (tokens and roles, GraphiQL, CORS, metrics, log format),
 * resolved and checked together: a usage error names the flag or variable at fault.
 */
final class ProductionFlags {
  private ProductionFlags() {}

  static ProductionOptions resolve(Cli.Resolver r, boolean graphiqlByDefault) {
    JwtOptions jwt = jwt(r);
    for (String spec : r.list(Option.SESSION_VARIABLE)) {
      if (SessionVariable.claimPath(spec) != null && jwt == null) {
        throw new UsageException(r.source(Option.SESSION_VARIABLE) + ": " + spec
            + " reads a token claim: give --jwt-secret, --jwt-secret-file or --jwt-public-key too");
      }
    }
    List<String> origins = r.list(Option.CORS_ORIGIN);
    for (String origin : origins) {
      if (!origin.equals("*") && !validOrigin(origin)) {
        throw new UsageException(r.source(Option.CORS_ORIGIN) + ": expected an origin like https://app.example.com"
            + " (scheme, host and optional port, no path) or *, got '" + origin + "'");
      }
    }
    boolean credentials = r.get(Option.CORS_ALLOW_CREDENTIALS, Values::bool, false);
    if (credentials && origins.contains("*")) {
      throw new UsageException(r.source(Option.CORS_ALLOW_CREDENTIALS)
          + ": browsers refuse credentials with the origin *; list the allowed origins with --cors-origin");
    }
    return new ProductionOptions(
        jwt,
        r.get(Option.DEFAULT_ROLE, ProductionFlags::role, null),
        r.get(Option.GRAPHIQL, Values::bool, graphiqlByDefault),
        origins.stream().map(o -> o.equals("*") ? o : o.toLowerCase(Locale.ROOT)).toList(),
        credentials,
        r.get(Option.METRICS, Values::bool, true),
        r.get(Option.LOG_FORMAT, ProductionOptions.LogFormat::parse, ProductionOptions.LogFormat.TEXT));
  }

  private static JwtOptions jwt(Cli.Resolver r) {
    String secret = r.raw(Option.JWT_SECRET);
    String secretFile = r.raw(Option.JWT_SECRET_FILE);
    String publicKeyFile = r.raw(Option.JWT_PUBLIC_KEY);
    int keys = (secret != null ? 1 : 0) + (secretFile != null ? 1 : 0) + (publicKeyFile != null ? 1 : 0);
    if (keys > 1) {
      throw new UsageException("give only one of --jwt-secret, --jwt-secret-file and --jwt-public-key"
          + " (or their variables)");
    }
    if (keys == 0) {
      for (Option o : new Option[] {Option.JWT_ISSUER, Option.JWT_AUDIENCE, Option.JWT_REQUIRED, Option.JWT_ROLE_CLAIM,
          Option.JWT_CLOCK_SKEW}) {
        if (r.raw(o) != null) {
          throw new UsageException(r.source(o) + " needs a key to verify tokens with: --jwt-secret, --jwt-secret-file"
              + " or --jwt-public-key");
        }
      }
      return null;
    }
    byte[] key = secret != null ? r.get(Option.JWT_SECRET, JwtOptions::secretOf, null)
        : secretFile != null ? r.get(Option.JWT_SECRET_FILE, s -> JwtOptions.secretFile(Path.of(s)), null) : null;
    PublicKey publicKey = publicKeyFile == null ? null
        : r.get(Option.JWT_PUBLIC_KEY, s -> JwtOptions.publicKeyFile(Path.of(s)), null);
    Option keyOption = secret != null ? Option.JWT_SECRET : secretFile != null ? Option.JWT_SECRET_FILE : Option.JWT_PUBLIC_KEY;
    try {
      return new JwtOptions(key, publicKey,
          r.get(Option.JWT_ISSUER, ProductionFlags::nonBlank, null),
          r.get(Option.JWT_AUDIENCE, ProductionFlags::nonBlank, null),
          r.get(Option.JWT_REQUIRED, Values::bool, false),
          r.get(Option.JWT_ROLE_CLAIM, ProductionFlags::claim, null),
          r.get(Option.JWT_CLOCK_SKEW, Values::duration, JwtOptions.DEFAULT_CLOCK_SKEW));
    } catch (IllegalArgumentException e) {
      throw new UsageException(r.source(keyOption) + ": " + e.getMessage());
    }
  }

  private static String nonBlank(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("expected a value");
    }
    return s;
  }

  private static String claim(String s) {
    String c = s.trim();
    if (c.isEmpty() || c.startsWith(".") || c.endsWith(".") || c.contains("..")) {
      throw new IllegalArgumentException("expected a claim name or a dotted path like role or app.role, got '" + s + "'");
    }
    return c;
  }

  /** A role name as PostgreSQL takes it; {@code none} would mean the login role, so it is refused. */
  private static String role(String s) {
    if (s.isEmpty() || s.equals("none") || s.length() > 63) {
      throw new IllegalArgumentException("expected a database role name (1 to 63 characters, not 'none'), got '" + s + "'");
    }
    return s;
  }

  /** {@code scheme://host[:port]}, as browsers send it in the Origin header. */
  static boolean validOrigin(String origin) {
    return origin.matches("(?i)https?://[a-z0-9.\\-\\[\\]:]+(:\\d{1,5})?");
  }
}
