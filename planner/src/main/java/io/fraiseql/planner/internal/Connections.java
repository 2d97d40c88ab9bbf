package io.fraiseql.planner.internal;

import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Keyset pagination for Relay connections: the total order of a page, the condition "strictly
 * after this cursor" under that order (with its nulls placement), and the reversed order for
 * {@code last}. Never OFFSET: pages do not skip or repeat rows when keys tie or are null.
 */
public final class Connections {
  /** The largest page ({@code first}/{@code last}), and the page size when neither is given. */
  public static final int MAX_PAGE_SIZE = 1000;

  private Connections() {}

  /** The requested keys plus the id column ascending, unless the last key already is the id. */
  public static List<OrderKey> totalOrder(Source source, List<OrderKey> keys) {
    if (!keys.isEmpty()) {
      FieldRef last = keys.get(keys.size() - 1).field();
      if (last.isColumn() && last.column().equals(source.idColumn())) {
        return keys;
      }
    }
    List<OrderKey> all = new ArrayList<>(keys);
    all.add(new OrderKey(idRef(source), Direction.ASC));
    return all;
  }

  static FieldRef idRef(Source source) {
    return FieldRef.column(source.idColumn(), source.idSqlType(), List.of(source.idColumn()), ScalarKind.ID);
  }

  /** The same keys, each in the opposite direction (nulls placement flipped too). */
  public static List<OrderKey> reverse(List<OrderKey> keys) {
    List<OrderKey> out = new ArrayList<>(keys.size());
    for (OrderKey k : keys) {
      out.add(new OrderKey(k.field(), reverse(k.direction())));
    }
    return out;
  }

  static Direction reverse(Direction d) {
    return switch (d) {
      case ASC, ASC_NULLS_LAST -> Direction.DESC_NULLS_FIRST;
      case ASC_NULLS_FIRST -> Direction.DESC_NULLS_LAST;
      case DESC, DESC_NULLS_FIRST -> Direction.ASC_NULLS_LAST;
      case DESC_NULLS_LAST -> Direction.ASC_NULLS_FIRST;
    };
  }

  /**
   * Rows strictly after the cursor under {@code order}:
   * {@code k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...}, where "greater" follows each key's
   * direction and nulls placement and a null cursor value ties only with nulls.
   */
  public static Where after(List<OrderKey> order, String cursor, CursorCodec codec, int fingerprint) {
    List<Object> raw = codec.decode(cursor, fingerprint);
    if (raw.size() != order.size()) {
      throw FraiseQLException.badInput("Invalid cursor");
    }
    List<Where> alternatives = new ArrayList<>();
    List<Where> ties = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      OrderKey key = order.get(i);
      Object value = value(key.field(), raw.get(i));
      // the last key is the id, which is never null
      Where beyond = i == order.size() - 1 && value != null
          ? new Where.Compare(key.field(), ascending(key.direction()) ? Where.Op.GT : Where.Op.LT, value)
          : strictlyAfter(key, value);
      if (beyond != null) {
        List<Where> conj = new ArrayList<>(ties);
        conj.add(beyond);
        alternatives.add(conj.size() == 1 ? beyond : new Where.And(conj));
      }
      ties.add(value == null ? new Where.IsNull(key.field(), true) : new Where.Compare(key.field(), Where.Op.EQ, value));
    }
    return new Where.Or(alternatives);
  }

  private static boolean ascending(Direction d) {
    return d == Direction.ASC || d == Direction.ASC_NULLS_FIRST || d == Direction.ASC_NULLS_LAST;
  }

  private static Where strictlyAfter(OrderKey key, Object value) {
    Direction d = key.direction();
    boolean ascending = ascending(d);
    boolean nullsFirst = d == Direction.ASC_NULLS_FIRST || d == Direction.DESC || d == Direction.DESC_NULLS_FIRST;
    if (value == null) {
      // after a null: the non-null values when nulls come first, nothing when they come last
      return nullsFirst ? new Where.IsNull(key.field(), false) : null;
    }
    Where beyond = new Where.Compare(key.field(), ascending ? Where.Op.GT : Where.Op.LT, value);
    return nullsFirst ? beyond : new Where.Or(List.of(beyond, new Where.IsNull(key.field(), true)));
  }

  /**
   * A cursor value (as PostgreSQL printed it in JSON) in the Java type its comparison binds,
   * checked against the key's type: a string where a number belongs, a number out of the type's
   * range, a malformed date or uuid, or a string PostgreSQL could not have printed (a NUL, a lone
   * surrogate) is {@code BAD_USER_INPUT}, never a database error.
   */
  static Object value(FieldRef ref, Object raw) {
    if (raw == null) {
      return null;
    }
    try {
      String kind = ref.isColumn() ? columnKind(ref.columnSqlType()) : ref.kind().name();
      return switch (kind) {
        case "UUID" -> UUID.fromString((String) raw);
        case "LONG" -> ((BigDecimal) raw).longValueExact();
        case "INT" -> ((BigDecimal) raw).intValueExact();
        case "FLOAT" -> finite(((BigDecimal) raw).doubleValue());
        case "BIG_DECIMAL" -> numeric((BigDecimal) raw);
        case "BOOLEAN" -> (Boolean) raw;
        case "DATE" -> LocalDate.parse((String) raw);
        case "DATE_TIME" -> OffsetDateTime.parse((String) raw);
        default -> text((String) raw);
      };
    } catch (ClassCastException | ArithmeticException | DateTimeParseException | IllegalArgumentException e) {
      throw FraiseQLException.badInput("Invalid cursor");
    }
  }

  private static double finite(double d) {
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException("out of range");
    }
    return d;
  }

  /** Within PostgreSQL's numeric: 131,072 digits before the point, 16,383 after. */
  private static BigDecimal numeric(BigDecimal d) {
    if (d.scale() > 16_383 || d.precision() - d.scale() > 131_072) {
      throw new IllegalArgumentException("out of range");
    }
    return d;
  }

  private static String text(String s) {
    if (s.indexOf('\0') >= 0 || InputText.loneSurrogate(s) >= 0) {
      throw new IllegalArgumentException("not a PostgreSQL string");
    }
    return s;
  }

  private static String columnKind(String sqlType) {
    String t = sqlType.toLowerCase(Locale.ROOT);
    if (t.equals("uuid")) {
      return "UUID";
    }
    if (t.equals("integer") || t.equals("bigint") || t.equals("smallint")) {
      return "LONG";
    }
    if (t.startsWith("numeric") || t.equals("double precision") || t.equals("real")) {
      return "BIG_DECIMAL";
    }
    if (t.equals("boolean")) {
      return "BOOLEAN";
    }
    if (t.equals("date")) {
      return "DATE";
    }
    if (t.startsWith("timestamp with time zone")) {
      return "DATE_TIME";
    }
    return "STRING";
  }
}
