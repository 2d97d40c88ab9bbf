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

  /** The members of a JSON object, key to the raw bytes of its value. */
  static Map<String, byte[]> members(byte[] b) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    int end = b.length;
    int i = space(b, 0, end);
    if (i >= end || b[i] != '{') {
      throw new IOException("expected a JSON object");
    }
    i = space(b, i + 1, end);
    if (i < end && b[i] == '}') {
      return out;
    }
    while (i < end) {
      int keyEnd = ConnectionPage.skipValue(b, i, end);
      String key = string(b, i, keyEnd);
      i = space(b, keyEnd, end);
      if (i >= end || b[i] != ':') {
        throw new IOException("expected :");
      }
      int valueStart = space(b, i + 1, end);
      int valueEnd = ConnectionPage.skipValue(b, valueStart, end);
      byte[] value = new byte[valueEnd - valueStart];
      System.arraycopy(b, valueStart, value, 0, value.length);
      out.put(key, value);
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

  /** The raw bytes of the elements of a JSON array. */
  static java.util.List<byte[]> elements(byte[] raw) throws IOException {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    int end = raw.length;
    int i = space(raw, 0, end);
    if (i >= end || raw[i] != '[') {
      throw new IOException("expected a JSON array");
    }
    i = space(raw, i + 1, end);
    while (i < end && raw[i] != ']') {
      int valueEnd = ConnectionPage.skipValue(raw, i, end);
      out.add(java.util.Arrays.copyOfRange(raw, i, valueEnd));
      i = space(raw, valueEnd, end);
      if (i < end && raw[i] == ',') {
        i = space(raw, i + 1, end);
      }
    }
    return out;
  }

  /** The strings of a JSON array of strings; {@code null} or JSON null gives an empty list. */
  static java.util.List<String> strings(byte[] raw) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (raw == null || isNull(raw)) {
      return out;
    }
    for (byte[] element : elements(raw)) {
      out.add(string(element, 0, element.length));
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
