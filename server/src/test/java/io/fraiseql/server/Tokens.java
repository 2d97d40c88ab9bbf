package io.fraiseql.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/** Tokens minted in the tests with nimbus-jose-jwt, and keys to sign them with. */
final class Tokens {
  static final String SECRET = "a test secret that is long enough for HS256, HS384 and HS512 too (64+ bytes)";
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "fraiseql-test";

  private Tokens() {}

  /** Claims valid for an hour, from {@link #ISSUER} for {@link #AUDIENCE}, plus {@code extra}. */
  static JWTClaimsSet.Builder claims(Map<String, Object> extra) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
        .issuer(ISSUER).audience(AUDIENCE)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    extra.forEach(b::claim);
    return b;
  }

  static String hs256(JWTClaimsSet claims) {
    return sign(JWSAlgorithm.HS256, claims, SECRET.getBytes(StandardCharsets.UTF_8));
  }

  static String hmac(JWSAlgorithm alg, JWTClaimsSet claims, byte[] secret) {
    return sign(alg, claims, secret);
  }

  private static String sign(JWSAlgorithm alg, JWTClaimsSet claims, byte[] secret) {
    try {
      return sign(alg, claims, new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWSAlgorithm alg, JWTClaimsSet claims, PrivateKey key) {
    try {
      JWSSigner signer = key instanceof RSAPrivateKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECPrivateKey) key);
      return sign(alg, claims, signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JWSAlgorithm alg, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** An unsigned token ({@code "alg":"none"}) with these claims. */
  static String unsigned(JWTClaimsSet claims) {
    return new com.nimbusds.jwt.PlainJWT(claims).serialize();
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key as a PEM file ({@code BEGIN PUBLIC KEY}, as {@code openssl pkey -pubout} writes). */
  static Path pem(KeyPair pair) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded());
    return file("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n", ".pem");
  }

  static Path file(String content, String suffix) {
    try {
      Path f = Files.createTempFile("fraiseql-jwt", suffix);
      Files.writeString(f, content);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
