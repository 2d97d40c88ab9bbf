package io.fraiseql.api.plan;

import io.fraiseql.api.JsonStrings;
import io.fraiseql.api.error.FraiseQLException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident Relay cursors. A cursor carries the row's order-key values exactly as
 * PostgreSQL printed them (a JSON array, so every backend produces the same cursor), a
 * fingerprint of the ordering it belongs to, and an HMAC-SHA256 tag. A forged, truncated or
 * foreign cursor, or one from another ordering, is rejected with {@code BAD_USER_INPUT}.
 * Thread-safe.
 */
public final class CursorCodec {
  private static final byte VERSION = 1;
  private static final int TAG = 12;
  private static final int HEADER = 1 + 4;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /** A codec signing with {@code secret} (at least 16 bytes). */
  public CursorCodec(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("the cursor secret needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * A random 32-byte secret. Cursors signed with it are valid for this process only: not after a
   * restart, not on another replica.
   */
  public static byte[] randomSecret() {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    return secret;
  }

  /**
   * A deterministic secret derived from text. Anyone who knows the text can sign cursors with
   * it: meant for demos and tests, never for a deployment whose schema is public.
   */
  public static byte[] deriveSecret(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(("fraiseql-cursor:" + text).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A stable fingerprint of an ordering (paths and directions). */
  public static int fingerprint(List<OrderKey> keys) {
    CRC32 crc = new CRC32();
    for (OrderKey k : keys) {
      String part = String.join(".", k.field().jsonPath()) + ":" + k.direction() + ";";
      crc.update(part.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }

  /** The cursor of a row whose order-key values PostgreSQL printed as {@code keys}. */
  public String encode(int fingerprint, byte[] keys, int offset, int length) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + length + TAG);
    buf.put(VERSION).putInt(fingerprint).put(keys, offset, length);
    Mac mac = macs.get();
    mac.update(buf.array(), 0, HEADER + length);
    buf.put(mac.doFinal(), 0, TAG);
    return ENCODER.encodeToString(buf.array());
  }

  /**
   * The order-key values of a cursor made by {@link #encode} for the same ordering: Strings,
   * BigDecimals, Booleans and nulls, in order.
   */
  public List<Object> decode(String cursor, int fingerprint) {
    byte[] raw;
    try {
      raw = DECODER.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (raw.length < HEADER + 2 + TAG || raw[0] != VERSION) {
      throw invalid();
    }
    Mac mac = macs.get();
    mac.update(raw, 0, raw.length - TAG);
    byte[] expected = mac.doFinal();
    byte[] tag = new byte[TAG];
    System.arraycopy(raw, raw.length - TAG, tag, 0, TAG);
    if (!MessageDigest.isEqual(tag, java.util.Arrays.copyOf(expected, TAG))) {
      throw invalid();
    }
    if (ByteBuffer.wrap(raw, 1, 4).getInt() != fingerprint) {
      throw FraiseQLException.badInput("The cursor belongs to another ordering; start again without after/before");
    }
    String json = new String(raw, HEADER, raw.length - HEADER - TAG, StandardCharsets.UTF_8);
    try {
      return new ScalarArrayParser(json).parse();
    } catch (RuntimeException e) {
      throw invalid();
    }
  }

  private static FraiseQLException invalid() {
    return FraiseQLException.badInput("Invalid cursor");
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Parses a flat JSON array of scalars, as PostgreSQL's json_build_array prints it. */
  private static final class ScalarArrayParser {
    private final String s;
    private int i;

    ScalarArrayParser(String s) {
      this.s = s;
    }

    List<Object> parse() {
      List<Object> out = new ArrayList<>();
      expect('[');
      skipSpace();
      if (peek() == ']') {
        i++;
      } else {
        while (true) {
          skipSpace();
          out.add(value());
          skipSpace();
          char c = s.charAt(i++);
          if (c == ']') {
            break;
          }
          if (c != ',') {
            throw new IllegalArgumentException("expected , or ]");
          }
        }
      }
      skipSpace();
      if (i != s.length()) {
        throw new IllegalArgumentException("trailing text");
      }
      return out;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      return new BigDecimal(s.substring(start, i));
    }

    private String string() {
      StringBuilder sb = new StringBuilder();
      i = JsonStrings.decode(s, i, sb);
      return sb.toString();
    }

    private void expect(char c) {
      skipSpace();
      if (s.charAt(i++) != c) {
        throw new IllegalArgumentException("expected " + c);
      }
    }

    private char peek() {
      return s.charAt(i);
    }

    private void skipSpace() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }
  }
}
