package io.fraiseql.planner.internal;

import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Where;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the coerced {@code where} and {@code orderBy} argument values of a root field into the
 * plan's WHERE tree and ORDER BY keys. Values arrive already coerced by graphql-java (our scalars
 * produce the Java types the SQL builder binds); here they are checked against the column they
 * will be compared with.
 *
 * <p>When a plan template is built, the values at {@linkplain ValuePositions value positions} are
 * {@link io.fraiseql.api.plan.Parameter}s: they go into the tree as they are, and a conversion of
 * one goes through {@link Slots#map}, so that each request converts (and checks) its own value the
 * same way. A new operator whose value is read here must either do the same or stay out of
 * {@link ValuePositions}.
 */
public final class Arguments {
  private final Map<String, DataType> types;

  public Arguments(Map<String, DataType> types) {
    this.types = types;
  }

  // ------------------------------------------------------------------------------------ where

  /** The WHERE tree for a {@code <T>WhereInput} value; {@code columns} are the source's. */
  public Where where(DataType type, Map<String, ?> input, Map<String, String> columns) {
    return where(type, input, columns, List.of(), type.name());
  }

  private Where where(
      DataType type, Map<String, ?> input, Map<String, String> columns, List<String> prefix,
      String label) {
    List<Where> all = new ArrayList<>();
    for (Map.Entry<String, ?> e : input.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (value == null) {
        continue; // an explicit null filter is no filter, like an absent one
      }
      switch (key) {
        case "AND":
          all.add(new Where.And(list(type, value, columns, prefix, label)));
          break;
        case "OR":
          all.add(new Where.Or(list(type, value, columns, prefix, label)));
          break;
        case "NOT":
          all.add(new Where.Not(where(type, asMap(value), columns, prefix, label)));
          break;
        default:
          DataField f = type.fields().get(key);
          List<String> path = append(prefix, f.jsonKey());
          Map<String, String> cols = prefix.isEmpty() ? columns : Map.of();
          if (f.list() && f.isObject()) {
            all.addAll(quantifiers(f, path, asMap(value), label + "." + key));
          } else if (f.list()) {
            all.addAll(listOperators(listRef(f, path, cols), asMap(value)));
          } else if (f.kind() == ScalarKind.JSON) {
            all.addAll(jsonOperators(ref(f, path, cols), asMap(value)));
          } else if (f.isObject()) {
            all.add(where(types.get(f.objectType()), asMap(value), Map.of(), path, label + "." + key));
          } else {
            FieldRef ref = ref(f, path, prefix.isEmpty() ? columns : Map.of());
            all.addAll(operators(ref, asMap(value), label + "." + key));
          }
      }
    }
    return all.size() == 1 ? all.get(0) : new Where.And(all);
  }

  private List<Where> list(
      DataType type, Object value, Map<String, String> columns, List<String> prefix, String label) {
    List<Where> out = new ArrayList<>();
    for (Object item : (List<?>) value) {
      if (item != null) {
        out.add(where(type, asMap(item), columns, prefix, label));
      }
    }
    return out;
  }

  private List<Where> quantifiers(DataField f, List<String> path, Map<String, ?> ops, String label) {
    FieldRef list = FieldRef.json(path, ScalarKind.JSON);
    DataType element = types.get(f.objectType());
    List<Where> out = new ArrayList<>();
    for (Map.Entry<String, ?> e : ops.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      Where.Quantifier q = Where.Quantifier.valueOf(e.getKey().toUpperCase(Locale.ROOT));
      // element conditions start from the element: no flat columns, a fresh path
      Where condition = where(element, asMap(e.getValue()), Map.of(), List.of(), label + "." + e.getKey());
      out.add(new Where.Quantified(list, q, condition));
    }
    return out;
  }

  private static List<Where> listOperators(FieldRef ref, Map<String, ?> ops) {
    List<Where> out = new ArrayList<>();
    for (Map.Entry<String, ?> e : ops.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      switch (e.getKey()) {
        case "isnull" -> out.add(new Where.IsNull(ref, (Boolean) v));
        case "contains" -> out.add(new Where.ListCompare(ref, Where.ListOp.CONTAINS, v));
        case "containedBy" -> out.add(new Where.ListCompare(ref, Where.ListOp.CONTAINED_BY, v));
        case "overlaps" -> out.add(new Where.ListCompare(ref, Where.ListOp.OVERLAPS, v));
        default -> {
          int n = (Integer) v;
          if (n < 0) {
            throw FraiseQLException.badInput(e.getKey() + " must not be negative, got " + n);
          }
          out.add(new Where.ListCompare(ref, Where.ListOp.valueOf(
              "LEN_" + e.getKey().substring(3).toUpperCase(Locale.ROOT)), n));
        }
      }
    }
    return out;
  }

  private static List<Where> jsonOperators(FieldRef ref, Map<String, ?> ops) {
    List<Where> out = new ArrayList<>();
    for (Map.Entry<String, ?> e : ops.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      switch (e.getKey()) {
        case "isnull" -> out.add(new Where.IsNull(ref, (Boolean) v));
        case "eq" -> out.add(new Where.JsonCompare(ref, Where.JsonOp.EQ, v));
        case "contains" -> out.add(new Where.JsonCompare(ref, Where.JsonOp.CONTAINS, v));
        case "containedBy" -> out.add(new Where.JsonCompare(ref, Where.JsonOp.CONTAINED_BY, v));
        case "hasKey" -> out.add(new Where.JsonCompare(ref, Where.JsonOp.HAS_KEY, v));
        case "hasAnyKeys" -> out.add(new Where.JsonCompare(ref, Where.JsonOp.HAS_ANY_KEYS, v));
        default -> out.add(new Where.JsonCompare(ref, Where.JsonOp.HAS_ALL_KEYS, v));
      }
    }
    return out;
  }

  /** A flat array column of a compatible element type, or the JSONB array. */
  static FieldRef listRef(DataField f, List<String> path, Map<String, String> columns) {
    String sqlType = columns.get(f.jsonKey());
    if (sqlType != null && sqlType.endsWith("[]")
        && compatible(f.kind(), sqlType.substring(0, sqlType.length() - 2))) {
      return FieldRef.column(f.jsonKey(), sqlType, path, f.kind());
    }
    return FieldRef.json(path, f.kind());
  }

  private static List<Where> operators(FieldRef ref, Map<String, ?> ops, String label) {
    List<Where> out = new ArrayList<>();
    for (Map.Entry<String, ?> e : ops.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      String op = e.getKey();
      if (op.equals("isnull")) {
        out.add(new Where.IsNull(ref, (Boolean) v));
        continue;
      }
      Where.Op sqlOp = op(op);
      if (sqlOp == Where.Op.IN || sqlOp == Where.Op.NIN) {
        List<Object> values = new ArrayList<>();
        for (Object item : (List<?>) v) {
          values.add(bindValue(ref, item, label));
        }
        out.add(new Where.Compare(ref, sqlOp, values));
      } else {
        if (sqlOp == Where.Op.LIKE || sqlOp == Where.Op.ILIKE) {
          // through Slots.map: a template's requests each have their own pattern checked
          v = Slots.map(v, pattern -> {
            if (endsWithEscape((String) pattern)) {
              throw FraiseQLException.badInput(label + ": a " + op + " pattern must not end with the escape"
                  + " character \\ (write \\\\ for a literal backslash)");
            }
            return pattern;
          });
        }
        out.add(new Where.Compare(ref, sqlOp, bindValue(ref, v, label)));
      }
    }
    return out;
  }

  /** Whether a LIKE pattern ends with an unpaired backslash, its escape character. */
  static boolean endsWithEscape(String pattern) {
    int n = 0;
    for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  private static Where.Op op(String name) {
    switch (name) {
      case "notMatches":
        return Where.Op.NOT_MATCHES;
      default:
        return Where.Op.valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  // ---------------------------------------------------------------------------------- orderBy

  /** The ORDER BY keys for an {@code orderBy} value (a list of one-field objects). */
  public List<OrderKey> orderBy(DataType type, List<?> items, Map<String, String> columns) {
    List<OrderKey> keys = new ArrayList<>();
    for (Object item : items) {
      if (item != null) {
        keys.add(orderKey(type, asMap(item), columns, List.of(), type.name()));
      }
    }
    return keys;
  }

  private OrderKey orderKey(
      DataType type, Map<String, ?> item, Map<String, String> columns, List<String> prefix,
      String label) {
    Map.Entry<String, ?> only = null;
    for (Map.Entry<String, ?> e : item.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (only != null) {
        throw FraiseQLException.badInput(
            "Each orderBy item of " + label + " takes exactly one field; got " + only.getKey()
                + " and " + e.getKey() + " (use one item per key)");
      }
      only = e;
    }
    if (only == null) {
      throw FraiseQLException.badInput("An orderBy item of " + label + " names no field");
    }
    DataField f = type.fields().get(only.getKey());
    List<String> path = append(prefix, f.jsonKey());
    if (f.isObject()) {
      return orderKey(types.get(f.objectType()), asMap(only.getValue()), Map.of(), path,
          label + "." + only.getKey());
    }
    return new OrderKey(
        ref(f, path, prefix.isEmpty() ? columns : Map.of()),
        OrderKey.Direction.valueOf(only.getValue().toString()));
  }

  // ------------------------------------------------------------------------------ references

  /** A flat column when the source has one of the field's name and a compatible type. */
  static FieldRef ref(DataField f, List<String> path, Map<String, String> columns) {
    String sqlType = columns.get(f.jsonKey());
    if (sqlType != null && compatible(f.kind(), sqlType)) {
      return FieldRef.column(f.jsonKey(), sqlType, path, f.kind());
    }
    return FieldRef.json(path, f.kind());
  }

  static boolean compatible(ScalarKind kind, String sqlType) {
    String t = sqlType.toLowerCase(Locale.ROOT);
    boolean text = t.equals("text") || t.startsWith("character") || t.equals("citext") || t.equals("name");
    boolean integer = t.equals("integer") || t.equals("bigint") || t.equals("smallint");
    switch (kind) {
      case STRING:
      case ENUM:
        return text;
      case ID:
        return text || integer || t.equals("uuid");
      case INT:
        return integer;
      case FLOAT:
      case BIG_DECIMAL:
        return integer || t.startsWith("numeric") || t.equals("double precision") || t.equals("real");
      case BOOLEAN:
        return t.equals("boolean");
      case UUID:
        return t.equals("uuid");
      case DATE:
        return t.equals("date");
      case DATE_TIME:
        return t.startsWith("timestamp");
      case JSON:
        return t.equals("jsonb");
      default:
        return false;
    }
  }

  /**
   * The value to bind for a comparison with {@code ref}: ids compared with a uuid or integer
   * column are converted to that type, so the comparison needs no cast of the column.
   */
  static Object bindValue(FieldRef ref, Object value, String label) {
    if (ref.kind() == ScalarKind.ID && ref.isColumn()) {
      return Slots.map(value, v -> idValue(ref.columnSqlType(), v.toString(), label));
    }
    return value;
  }

  /** Whether {@link #idValue} parses an id for a column of this type (else it takes any text). */
  public static boolean parsesIds(String sqlType) {
    String t = sqlType.toLowerCase(Locale.ROOT);
    return t.equals("uuid") || integral(t);
  }

  private static boolean integral(String lowerCaseType) {
    return lowerCaseType.equals("integer") || lowerCaseType.equals("bigint") || lowerCaseType.equals("smallint");
  }

  /** An id argument converted to the Java type of its column. */
  public static Object idValue(String sqlType, String id, String label) {
    String t = sqlType.toLowerCase(Locale.ROOT);
    if (t.equals("uuid")) {
      try {
        return Scalars.parseUuid(id);
      } catch (IllegalArgumentException e) {
        throw FraiseQLException.badInput("Invalid id for " + label + ": " + e.getMessage());
      }
    }
    if (integral(t)) {
      try {
        return Long.parseLong(id);
      } catch (NumberFormatException e) {
        throw FraiseQLException.badInput("Invalid id for " + label + ": expected an integer");
      }
    }
    return id;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object value) {
    return (Map<String, ?>) value;
  }

  private static List<String> append(List<String> prefix, String key) {
    List<String> out = new ArrayList<>(prefix.size() + 1);
    out.addAll(prefix);
    out.add(key);
    return out;
  }
}
