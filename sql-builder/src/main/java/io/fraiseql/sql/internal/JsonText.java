package io.fraiseql.sql.internal;

import io.fraiseql.api.plan.Parameter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes filter values as JSON text, to be bound once and cast to jsonb. Timestamps are written
 * as PostgreSQL renders {@code timestamptz} in JSON under {@code TimeZone=UTC}
 * ({@code 2026-01-02T03:04:05+00:00}, fractions without trailing zeros), so containment matches
 * what views store with {@code to_jsonb}.
 */
public final class JsonText {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private JsonText() {}

  /** The JSON text of a value built from Map, List, String, Number, Boolean, null and the bind types. */
  public static String of(Object value) {
    StringBuilder sb = new StringBuilder(32);
    write(sb, value, null);
    return sb.toString();
  }

  /**
   * The JSON text of a value of a plan template, which may hold {@link Parameter}s (itself, or
   * anywhere inside its maps and lists): its text when it holds none, else a derived parameter
   * that writes the text with each request's values in their place.
   */
  public static Object bindValue(Object value) {
    List<Parameter> parameters = new ArrayList<>();
    collect(value, parameters);
    if (parameters.isEmpty()) {
      return of(value);
    }
    return Parameter.combine(parameters, values -> {
      StringBuilder sb = new StringBuilder(32);
      write(sb, value, new Resolved(parameters, values));
      return sb.toString();
    });
  }

  /** Whether a value of a plan is a list or an object (a parameter: its sample is). */
  public static boolean structured(Object value) {
    Object v = Parameter.sampleOf(value);
    return v instanceof List<?> || v instanceof Map<?, ?>;
  }

  private static void collect(Object v, List<Parameter> out) {
    if (v instanceof Parameter p) {
      out.add(p);
    } else if (v instanceof List<?> list) {
      list.forEach(item -> collect(item, out));
    } else if (v instanceof Map<?, ?> map) {
      map.values().forEach(item -> collect(item, out));
    }
  }

  /** The values of one request for the parameters of a value, matched by identity. */
  private record Resolved(List<Parameter> parameters, List<Object> values) {
    /** The index of {@code p} among the parameters, or -1. */
    int indexOf(Parameter p) {
      for (int i = 0; i < parameters.size(); i++) {
        if (parameters.get(i) == p) {
          return i;
        }
      }
      return -1;
    }
  }

  private static void write(StringBuilder sb, Object v, Resolved resolved) {
    int at = v instanceof Parameter p && resolved != null ? resolved.indexOf(p) : -1;
    if (at >= 0) {
      write(sb, resolved.values().get(at), null);
    } else if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      sb.append(v);
    } else if (v instanceof BigDecimal d) {
      sb.append(d.toPlainString());
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      sb.append(new BigDecimal(d.toString()).toPlainString());
    } else if (v instanceof Number n) {
      sb.append(new BigDecimal(n.toString()).toPlainString());
    } else if (v instanceof UUID || v instanceof LocalDate) {
      string(sb, v.toString());
    } else if (v instanceof OffsetDateTime t) {
      string(sb, timestamp(t));
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        write(sb, list.get(i), resolved);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), resolved);
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }
  }

  /** PostgreSQL's JSON rendering of a timestamptz in UTC. */
  static String timestamp(OffsetDateTime t) {
    OffsetDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(SECONDS.format(utc));
    int micros = utc.getNano() / 1000;
    if (micros != 0) {
      String frac = String.format("%06d", micros);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append("+00:00").toString();
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
