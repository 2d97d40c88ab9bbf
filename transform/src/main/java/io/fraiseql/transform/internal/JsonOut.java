package io.fraiseql.transform.internal;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonWriter;
import io.fraiseql.api.error.GraphQLErrorEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writing helpers over DSL-JSON's {@link JsonWriter}: pre-encoding of constant strings, generic
 * values (introspection results, error extensions) and the {@code errors} array. Nothing here is
 * on the per-row path.
 */
public final class JsonOut {
  /** Values nested deeper than this are refused (a cycle in a map, most likely). */
  public static final int MAX_VALUE_DEPTH = 512;

  private static final DslJson<Object> DSL = new DslJson<>(new DslJson.Settings<>());

  private JsonOut() {}

  /** A new writer with an in-memory buffer of the given initial size and no target stream. */
  public static JsonWriter newWriter(int initialSize) {
    return DSL.newWriter(initialSize);
  }

  /** The UTF-8 bytes of {@code s} as an escaped JSON string, quotes included. */
  public static byte[] encodeString(String s) {
    int n = s.length();
    byte[] plain = new byte[n + 2];
    plain[0] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return escaped(s); // anything to escape or encode: DSL-JSON's rules
      }
      plain[i + 1] = (byte) c;
    }
    plain[n + 1] = '"';
    return plain; // names and keys: printable ASCII, as is
  }

  private static byte[] escaped(String s) {
    JsonWriter w = DSL.newWriter(s.length() * 2 + 16);
    w.writeString(s);
    return w.toByteArray();
  }

  /**
   * Writes a generic value: {@code Map} (keys with {@code String.valueOf}, in iteration order),
   * {@code Iterable}, {@code Object[]}, {@code CharSequence}, {@code Number}, {@code Boolean},
   * {@code Enum} (its name) or {@code null}. Non-finite floating point numbers are written as
   * {@code null}; anything else as the string of {@code toString()}.
   *
   * @throws IllegalArgumentException when the value nests deeper than {@link #MAX_VALUE_DEPTH}
   */
  public static void writeValue(JsonWriter w, Object value) {
    writeValue(w, value, 0);
  }

  private static void writeValue(JsonWriter w, Object value, int depth) {
    if (depth > MAX_VALUE_DEPTH) {
      throw new IllegalArgumentException(
          "Value nested deeper than " + MAX_VALUE_DEPTH + " levels (is there a cycle?)");
    }
    if (value == null) {
      w.writeNull();
    } else if (value instanceof String s) {
      w.writeString(s);
    } else if (value instanceof Boolean bool) {
      w.writeAscii(bool ? "true" : "false");
    } else if (value instanceof Number n) {
      writeNumber(w, n);
    } else if (value instanceof Map<?, ?> map) {
      w.writeByte(JsonWriter.OBJECT_START);
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          w.writeByte(JsonWriter.COMMA);
        }
        first = false;
        w.writeString(String.valueOf(e.getKey()));
        w.writeByte(JsonWriter.SEMI);
        writeValue(w, e.getValue(), depth + 1);
      }
      w.writeByte(JsonWriter.OBJECT_END);
    } else if (value instanceof Iterable<?> items) {
      w.writeByte(JsonWriter.ARRAY_START);
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          w.writeByte(JsonWriter.COMMA);
        }
        first = false;
        writeValue(w, item, depth + 1);
      }
      w.writeByte(JsonWriter.ARRAY_END);
    } else if (value instanceof Object[] items) {
      writeValue(w, List.of(items), depth);
    } else if (value instanceof CharSequence cs) {
      w.writeString(cs);
    } else if (value instanceof Enum<?> e) {
      w.writeString(e.name());
    } else {
      w.writeString(String.valueOf(value));
    }
  }

  private static void writeNumber(JsonWriter w, Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      w.writeAscii(Long.toString(n.longValue()));
    } else if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        w.writeAscii(n.toString());
      } else {
        w.writeNull();
      }
    } else if (n instanceof BigDecimal || n instanceof BigInteger) {
      w.writeAscii(n.toString());
    } else {
      String text = n.toString();
      try {
        w.writeAscii(new BigDecimal(text).toString());
      } catch (NumberFormatException e) {
        w.writeString(text);
      }
    }
  }

  /** Writes the {@code errors} array. */
  public static void writeErrors(JsonWriter w, List<GraphQLErrorEntry> errors) {
    w.writeByte(JsonWriter.ARRAY_START);
    for (int i = 0; i < errors.size(); i++) {
      if (i > 0) {
        w.writeByte(JsonWriter.COMMA);
      }
      writeError(w, errors.get(i));
    }
    w.writeByte(JsonWriter.ARRAY_END);
  }

  private static void writeError(JsonWriter w, GraphQLErrorEntry e) {
    w.writeAscii("{\"message\":");
    w.writeString(e.message());
    List<GraphQLErrorEntry.Location> locations = e.locations();
    if (!locations.isEmpty()) {
      w.writeAscii(",\"locations\":[");
      for (int i = 0; i < locations.size(); i++) {
        GraphQLErrorEntry.Location l = locations.get(i);
        w.writeAscii(i == 0 ? "{\"line\":" : ",{\"line\":");
        w.writeAscii(Integer.toString(l.line()));
        w.writeAscii(",\"column\":");
        w.writeAscii(Integer.toString(l.column()));
        w.writeByte(JsonWriter.OBJECT_END);
      }
      w.writeByte(JsonWriter.ARRAY_END);
    }
    List<Object> path = e.path();
    if (!path.isEmpty()) {
      w.writeAscii(",\"path\":");
      writeValue(w, path, 0);
    }
    w.writeAscii(",\"extensions\":{\"code\":");
    w.writeString(e.code().name());
    for (Map.Entry<String, Object> x : e.extensions().entrySet()) {
      w.writeByte(JsonWriter.COMMA);
      w.writeString(x.getKey());
      w.writeByte(JsonWriter.SEMI);
      writeValue(w, x.getValue(), 1);
    }
    w.writeAscii("}}");
  }
}
