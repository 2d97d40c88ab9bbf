package io.fraiseql.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fraiseql.SessionVariable;
import io.vertx.core.json.Json;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies {@code Authorization: Bearer} tokens with nimbus-jose-jwt and turns their claims into
 * request attributes: {@code claim:<path>} for each claim a session variable reads, and
 * {@link #ROLE_ATTRIBUTE} for the database role (the role claim, else the default role).
 * Signatures are checked only with the algorithms of the configured key's family (HMAC for a
 * secret; RSA or EC for a public key), so a token can neither choose {@code none} nor pass an
 * HMAC signature made with the public key. Then {@code exp} and {@code nbf} (with the clock skew),
 * {@code iss} and {@code aud}. Thread-safe.
 */
final class JwtAuthenticator {
  /** The request attribute with the role the request's transactions run under. */
  static final String ROLE_ATTRIBUTE = "fraiseql:role";

  /** Why a request is not authenticated; the message is for the client (RFC 6750 error_description). */
  static final class Unauthenticated extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** {@code invalid_token}, or {@code null} when no token was sent (RFC 6750, section 3.1). */
    final String error;

    Unauthenticated(String error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    /** The {@code WWW-Authenticate} header's value. */
    String challenge() {
      return error == null ? "Bearer" : "Bearer error=\"" + error + "\", error_description=\"" + getMessage() + "\"";
    }
  }

  private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
  private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
  private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
  /** Longer headers are refused before parsing (a token is a few hundred bytes to a few KiB). */
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final JwtOptions options;
  private final String defaultRole;
  private final List<String> claimPaths;
  private final Set<JWSAlgorithm> algorithms;
  private final JWSVerifier verifier;

  /**
   * @param options how tokens are verified, or {@code null}: no token is read, every request gets
   *     only the default role
   * @param defaultRole the role of requests without a role claim, or {@code null}
   * @param claimPaths the claims the session variables read ({@code sub}, {@code org.id})
   */
  JwtAuthenticator(JwtOptions options, String defaultRole, List<String> claimPaths) {
    this.options = options;
    this.defaultRole = defaultRole;
    this.claimPaths = List.copyOf(claimPaths);
    if (options == null) {
      this.algorithms = Set.of();
      this.verifier = null;
      return;
    }
    try {
      if (options.secret() != null) {
        this.algorithms = HMAC;
        this.verifier = new MACVerifier(options.secret());
      } else if (options.publicKey() instanceof RSAPublicKey rsa) {
        this.algorithms = RSA;
        this.verifier = new RSASSAVerifier(rsa);
      } else {
        this.algorithms = EC;
        this.verifier = new ECDSAVerifier((ECPublicKey) options.publicKey());
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the JWT key cannot verify signatures: " + e.getMessage(), e);
    }
  }

  /** True when there is nothing to do for any request. */
  boolean inactive() {
    return options == null && defaultRole == null;
  }

  /**
   * The attributes a request's token gives it (claims and role), empty without a token when none
   * is required.
   *
   * @param authorization the {@code Authorization} header, or {@code null}
   * @throws Unauthenticated for a malformed, forged, expired, early or foreign token, and for a
   *     missing one when tokens are required
   */
  Map<String, String> authenticate(String authorization) {
    Map<String, String> out = new LinkedHashMap<>();
    if (options == null) {
      putRole(out, null);
      return out;
    }
    String token = bearer(authorization);
    if (token == null) {
      if (options.required()) {
        throw new Unauthenticated(null, "A bearer token is required (Authorization: Bearer <token>)");
      }
      putRole(out, null);
      return out;
    }
    JWTClaimsSet claims = verify(token);
    Map<String, Object> all = claims.getClaims();
    for (String path : claimPaths) {
      String value = text(lookup(all, path));
      if (value != null) {
        out.put(SessionVariable.CLAIM_PREFIX + path, value);
      }
    }
    Object role = options.roleClaim() == null ? null : lookup(all, options.roleClaim());
    if (role != null && !(role instanceof String)) {
      throw new Unauthenticated("invalid_token", "The bearer token's role claim is not a string");
    }
    putRole(out, (String) role);
    return out;
  }

  private void putRole(Map<String, String> out, String fromToken) {
    String role = fromToken != null ? fromToken : defaultRole;
    if (role != null) {
      out.put(ROLE_ATTRIBUTE, role);
    }
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or {@code null} without one. */
  private static String bearer(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      throw new Unauthenticated("invalid_request", "The Authorization header must be 'Bearer <token>'");
    }
    String token = value.substring(7).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new Unauthenticated("invalid_token", "The bearer token is malformed");
    }
    return token;
  }

  private JWTClaimsSet verify(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw new Unauthenticated("invalid_token", "The bearer token is malformed");
    }
    boolean valid;
    try {
      valid = algorithms.contains(jwt.getHeader().getAlgorithm()) && jwt.verify(verifier);
    } catch (JOSEException | RuntimeException e) {
      valid = false; // e.g. an HMAC secret too short for HS512, an unsupported critical header
    }
    if (!valid) {
      throw new Unauthenticated("invalid_token", "The bearer token's signature is not valid");
    }
    Instant now = Instant.now();
    long skew = options.clockSkew().toMillis();
    Date exp = claims.getExpirationTime();
    if (exp != null && now.toEpochMilli() > exp.getTime() + skew) {
      throw new Unauthenticated("invalid_token", "The bearer token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.toEpochMilli() + skew < nbf.getTime()) {
      throw new Unauthenticated("invalid_token", "The bearer token is not valid yet");
    }
    if (options.issuer() != null && !options.issuer().equals(claims.getIssuer())) {
      throw new Unauthenticated("invalid_token", "The bearer token was issued by someone else");
    }
    if (options.audience() != null && (claims.getAudience() == null || !claims.getAudience().contains(options.audience()))) {
      throw new Unauthenticated("invalid_token", "The bearer token is meant for another audience");
    }
    return claims;
  }

  /**
   * A claim by name, or by a dotted path into nested claims. The whole path is first tried as one
   * name (claims such as {@code https://example.com/roles} contain dots), then segment by segment.
   */
  static Object lookup(Map<String, Object> claims, String path) {
    if (claims.containsKey(path)) {
      return claims.get(path);
    }
    Object current = claims;
    for (String segment : path.split("\\.", -1)) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(segment);
    }
    return current;
  }

  /** A claim's value as a session variable's text: strings as they are, other JSON as JSON. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return Json.encode(value);
  }
}
