package io.fraiseql.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How bearer tokens are verified: an HMAC secret (HS256/384/512) or a public key (RS*, PS*,
 * ES*), optional issuer and audience, the clock skew allowed on {@code exp} and {@code nbf},
 * whether a token is required, and the claim that names the database role.
 *
 * @param secret the HMAC secret, or {@code null} with a public key
 * @param publicKey an RSA or EC public key, or {@code null} with a secret
 * @param issuer the {@code iss} a token must have, or {@code null}
 * @param audience a value the token's {@code aud} must contain, or {@code null}
 * @param required true: a request without a token is 401 too
 * @param roleClaim the claim (a name or a dotted path) holding the database role, or {@code null}
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 */
public record JwtOptions(
    byte[] secret, PublicKey publicKey, String issuer, String audience, boolean required, String roleClaim,
    Duration clockSkew) {

  /** The smallest HMAC secret: 256 bits, what HS256 needs (HS384 needs 48 bytes, HS512 64). */
  public static final int MIN_SECRET_BYTES = 32;

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  public JwtOptions {
    Objects.requireNonNull(clockSkew, "clockSkew");
    if ((secret == null) == (publicKey == null)) {
      throw new IllegalArgumentException("give either a JWT secret or a JWT public key");
    }
    if (secret != null && secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the JWT secret must have at least " + MIN_SECRET_BYTES
          + " bytes (256 bits, for HS256), got " + secret.length);
    }
    if (publicKey != null && !(publicKey instanceof RSAPublicKey) && !(publicKey instanceof ECPublicKey)) {
      throw new IllegalArgumentException("the JWT public key must be an RSA or EC key, got " + publicKey.getAlgorithm());
    }
    secret = secret == null ? null : secret.clone();
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("the clock skew must not be negative");
    }
  }

  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  /** The secret as given: its UTF-8 bytes. */
  static byte[] secretOf(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A secret file's content, without the line break most editors and {@code echo} add at its end. */
  static byte[] secretFile(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return secretOf(text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
          : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * A public key from a PEM file: {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo,
   * as {@code openssl pkey -pubout} writes it) or {@code -----BEGIN CERTIFICATE-----}; RSA or EC.
   */
  static PublicKey publicKeyFile(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    try {
      if (pem.contains("-----BEGIN CERTIFICATE-----")) {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .getPublicKey();
      }
      byte[] der = pemBody(pem, "PUBLIC KEY");
      for (String algorithm : new String[] {"RSA", "EC"}) {
        try {
          return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (java.security.spec.InvalidKeySpecException e) {
          // try the next key type
        }
      }
      throw new IllegalArgumentException(file + " holds neither an RSA nor an EC public key");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " is not a PEM public key or certificate (" + e.getMessage() + ")");
    }
  }

  private static byte[] pemBody(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = from < 0 ? -1 : pem.indexOf(end, from);
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException("expected a PEM block '" + begin + "' (an X.509 public key) or a certificate");
    }
    String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block is not valid base64");
    }
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "JwtOptions[" + (secret != null ? "secret=REDACTED" : "publicKey=" + publicKey.getAlgorithm())
        + ", issuer=" + issuer + ", audience=" + audience + ", required=" + required + ", roleClaim=" + roleClaim
        + ", clockSkew=" + clockSkew + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JwtOptions other && java.util.Arrays.equals(secret, other.secret)
        && Objects.equals(publicKey, other.publicKey) && Objects.equals(issuer, other.issuer)
        && Objects.equals(audience, other.audience) && required == other.required
        && Objects.equals(roleClaim, other.roleClaim) && clockSkew.equals(other.clockSkew);
  }

  @Override
  public int hashCode() {
    return Objects.hash(java.util.Arrays.hashCode(secret), publicKey, issuer, audience, required, roleClaim, clockSkew);
  }
}
