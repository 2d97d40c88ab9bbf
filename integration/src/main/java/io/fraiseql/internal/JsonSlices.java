package io.fraiseql.internal;

import io.fraiseql.api.JsonStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small readers over PostgreSQL's JSON text for the few places the engine must look inside a
 * value (a mutation function's response): top-level members as raw slices, and strings.
 */
final class JsonSlices {
  private JsonSlices() {}

  /**
   * A JSON value inside a larger text: {@code bytes[start, end)}, never copied until asked. The
   * mutation response is read through slices of the one row PostgreSQL sent.
   */
  record Slice(byte[] bytes, int start, int end) {
    static Slice of(byte[] b) {
      return new Slice(b, 0, b.length);
    }

    boolean isNull() {
      return end - start == 4 && bytes[start] == 'n' && bytes[start + 1] == 'u' && bytes[start + 2] == 'l'
          && bytes[start + 3] == 'l';
    }

    int length() {
      return end - start;
    }

    byte[] copy() {
      return java.util.Arrays.copyOfRange(bytes, start, end);
    }

    void writeTo(java.io.ByteArrayOutputStream out) {
      out.write(bytes, start, end - start);
    }

    /** Whether the value holds this byte anywhere. */
    boolean contains(byte c) {
      for (int i = start; i < end; i++) {
        if (bytes[i] == c) {
          return true;
        }
      }
      return false;
    }
  }

  /** The members of a JSON object, key to its value's slice of the same bytes. */
  static Map<String, Slice> members(Slice s) throws IOException {
    Map<String, Slice> out = new LinkedHashMap<>();
    byte[] b = s.bytes();
    int end = s.end();
    int i = space(b, s.start(), end);
    if (i >= end || b[i] != '{') {
      throw new IOException("expected a JSON object");
    }
    i = space(b, i + 1, end);
    if (i < end && b[i] == '}') {
      return out;
    }
    while (i < end) {
      int keyEnd = ConnectionPage.skipValue(b, i, end);
      String key = key(b, i, keyEnd);
      i = space(b, keyEnd, end);
      if (i >= end || b[i] != ':') {
        throw new IOException("expected :");
      }
      int valueStart = space(b, i + 1, end);
      int valueEnd = ConnectionPage.skipValue(b, valueStart, end);
      out.put(key, new Slice(b, valueStart, valueEnd));
      i = space(b, valueEnd, end);
      if (i < end && b[i] == '}') {
        return out;
      }
      if (i >= end || b[i] != ',') {
        throw new IOException("expected , or }");
      }
      i = space(b, i + 1, end);
    }
    throw new IOException("unterminated JSON object");
  }

  /** The members a {@code mutation_response} has, whose keys are read without a new string. */
  private static final String[] KEYS = {
    "status", "message", "entity_id", "entity_type", "entity", "updated_fields", "cascade", "metadata", "errors",
  };
  private static final byte[][] KEY_BYTES = new byte[KEYS.length][];

  static {
    for (int i = 0; i < KEYS.length; i++) {
      KEY_BYTES[i] = ("\"" + KEYS[i] + "\"").getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** A member's key: one of {@link #KEYS} when it is, else its text. */
  private static String key(byte[] b, int start, int end) throws IOException {
    for (int k = 0; k < KEY_BYTES.length; k++) {
      if (java.util.Arrays.equals(b, start, end, KEY_BYTES[k], 0, KEY_BYTES[k].length)) {
        return KEYS[k];
      }
    }
    return string(b, start, end);
  }

  /** The text of a JSON string value, or {@code null} for no value or JSON null. */
  static String string(Slice s) throws IOException {
    return s == null || s.isNull() ? null : string(s.bytes(), s.start(), s.end());
  }

  /** The text of a JSON string value (raw bytes with quotes), or {@code null} for JSON null. */
  static String string(byte[] raw) throws IOException {
    if (raw == null || isNull(raw)) {
      return null;
    }
    return string(raw, 0, raw.length);
  }

  static boolean isNull(byte[] raw) {
    return raw.length == 4 && raw[0] == 'n' && raw[1] == 'u' && raw[2] == 'l' && raw[3] == 'l';
  }

  private static String string(byte[] b, int start, int end) throws IOException {
    if (end - start < 2 || b[start] != '"' || b[end - 1] != '"') {
      throw new IOException("expected a JSON string");
    }
    String s = new String(b, start + 1, end - start - 2, StandardCharsets.UTF_8);
    if (s.indexOf('\\') < 0) {
      return s;
    }
    String quoted = new String(b, start, end - start, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(quoted.length());
    try {
      if (JsonStrings.decode(quoted, 0, sb) != quoted.length()) {
        throw new IOException("expected a JSON string");
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("expected a JSON string", e);
    }
    return sb.toString();
  }

  /** The elements of a JSON array, as slices of the same bytes. */
  static java.util.List<Slice> elements(Slice s) throws IOException {
    java.util.List<Slice> out = new java.util.ArrayList<>();
    byte[] raw = s.bytes();
    int end = s.end();
    int i = space(raw, s.start(), end);
    if (i >= end || raw[i] != '[') {
      throw new IOException("expected a JSON array");
    }
    i = space(raw, i + 1, end);
    while (i < end && raw[i] != ']') {
      int valueEnd = ConnectionPage.skipValue(raw, i, end);
      out.add(new Slice(raw, i, valueEnd));
      i = space(raw, valueEnd, end);
      if (i < end && raw[i] == ',') {
        i = space(raw, i + 1, end);
      }
    }
    return out;
  }

  /** The strings of a JSON array of strings; no value or JSON null gives an empty list. */
  static java.util.List<String> strings(Slice s) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (s == null || s.isNull()) {
      return out;
    }
    for (Slice element : elements(s)) {
      out.add(string(element.bytes(), element.start(), element.end()));
    }
    return out;
  }

  private static int space(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    return i;
  }
}
