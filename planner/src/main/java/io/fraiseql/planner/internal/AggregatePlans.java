package io.fraiseql.planner.internal;

import graphql.normalized.ExecutableNormalizedField;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.AggregateDef.Aggregate;
import io.fraiseql.api.plan.AggregateDef.Function;
import io.fraiseql.api.plan.AggregateDef.GroupKey;
import io.fraiseql.api.plan.AggregateDef.Measure;
import io.fraiseql.api.plan.AggregateDef.Term;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link AggregateDef} of an aggregate or group root field from its normalized
 * selection and coerced arguments: the projection of each document, the aggregates the selection
 * needs (each once, however many aliases ask for it), the group keys of {@code by}, the
 * {@code having} conditions and the {@code orderBy} terms. Bad argument values ({@code by} empty
 * or naming a field twice, a bucket on a field that is not a date, an order key not in {@code by},
 * an {@code orderBy} item with zero or several entries) are {@code BAD_USER_INPUT}.
 */
public final class AggregatePlans {
  private static final Map<String, Function> FUNCTIONS = Map.of(
      "sum", Function.SUM, "avg", Function.AVG, "min", Function.MIN, "max", Function.MAX);

  private AggregatePlans() {}

  /**
   * The plan of {@code field}, a root field of {@code root} (an aggregate or group field).
   *
   * @param where the row filter built from the {@code where} argument, or {@code null}
   * @param limit the checked {@code limit}, or {@code null}
   * @param offset the checked {@code offset}, or {@code null}
   * @param label {@code Query.<field>}, for messages
   */
  public static AggregateDef plan(RootModel root, ExecutableNormalizedField field, Map<String, Object> args,
      Where where, Integer limit, Integer offset, String label) {
    DataType type = root.type();
    boolean grouped = root.aggregation() == RootModel.Aggregation.GROUPS;
    List<GroupKey> keys = grouped ? groupBy(type, args.get("by"), root.columns(), label) : List.of();
    Map<String, Measure> measures = new LinkedHashMap<>();
    boolean[] keySelected = new boolean[1];
    Selection.ObjectSelection selection = selection(type, field, grouped, root.columns(), measures, keySelected);
    List<AggregateDef.Condition> having = grouped ? having(type, args.get("having"), root.columns(), label) : List.of();
    List<Term> order = grouped ? orderBy(type, args.get("orderBy"), keys, root.columns(), label) : List.of();
    return new AggregateDef(field.getResultKey(), root.source(), selection, where, keys, keySelected[0],
        List.copyOf(measures.values()), having, order, limit, offset, root.nonNull(), root.itemsNonNull());
  }

  // --------------------------------------------------------------------------------- selection

  private static Selection.ObjectSelection selection(DataType type, ExecutableNormalizedField parent,
      boolean grouped, Map<String, String> columns, Map<String, Measure> measures, boolean[] keySelected) {
    String t = type.name();
    String typeName = t + (grouped ? "Group" : "Aggregate");
    List<Selection> out = new ArrayList<>(parent.getChildren().size());
    for (ExecutableNormalizedField child : parent.getChildren()) {
      String key = child.getResultKey();
      String name = child.getName();
      switch (name) {
        case "__typename" -> out.add(new Selection.Typename(key, typeName));
        case "count" -> {
          measures.putIfAbsent("count", new Measure("count", Aggregate.count()));
          out.add(new Selection.Scalar(key, "count", ScalarKind.INT, true));
        }
        case "key" -> {
          keySelected[0] = true;
          out.add(new Selection.Composite(key, "key", members(type, child, t + "GroupKey", null, columns, measures),
              false, true, false));
        }
        default -> {
          Function function = FUNCTIONS.get(name);
          String members = t + (function == Function.SUM ? "Sums" : function == Function.AVG ? "Avgs" : "Extremes");
          out.add(new Selection.Composite(key, name, members(type, child, members, function, columns, measures),
              false, true, false));
        }
      }
    }
    return new Selection.ObjectSelection(typeName, out);
  }

  /** The fields of a {@code <T>Sums}, {@code <T>Avgs}, {@code <T>Extremes} or {@code <T>GroupKey} object. */
  private static Selection.ObjectSelection members(DataType type, ExecutableNormalizedField parent,
      String typeName, Function function, Map<String, String> columns, Map<String, Measure> measures) {
    List<Selection> out = new ArrayList<>(parent.getChildren().size());
    for (ExecutableNormalizedField child : parent.getChildren()) {
      String key = child.getResultKey();
      if (child.getName().equals("__typename")) {
        out.add(new Selection.Typename(key, typeName));
        continue;
      }
      DataField f = type.fields().get(child.getName());
      if (function == null) { // a group key: written as the field's own value
        out.add(new Selection.Scalar(key, f.jsonKey(), f.kind(), false));
        continue;
      }
      measures.putIfAbsent(function + "." + f.jsonKey(),
          new Measure(f.jsonKey(), new Aggregate(function, ref(f, columns))));
      out.add(new Selection.Scalar(key, f.jsonKey(), resultKind(function, f.kind()), false));
    }
    return new Selection.ObjectSelection(typeName, out);
  }

  /** The kind of an aggregate's value: sums of Int are BigDecimal, averages of Int Float. */
  static ScalarKind resultKind(Function function, ScalarKind kind) {
    return switch (function) {
      case SUM -> kind == ScalarKind.FLOAT ? ScalarKind.FLOAT : ScalarKind.BIG_DECIMAL;
      case AVG -> kind == ScalarKind.BIG_DECIMAL ? ScalarKind.BIG_DECIMAL : ScalarKind.FLOAT;
      case COUNT -> ScalarKind.INT;
      default -> kind;
    };
  }

  private static FieldRef ref(DataField f, Map<String, String> columns) {
    return Arguments.ref(f, List.of(f.jsonKey()), columns);
  }

  // ---------------------------------------------------------------------------------------- by

  private static List<GroupKey> groupBy(DataType type, Object value, Map<String, String> columns, String label) {
    List<?> items = value instanceof List<?> l ? l : List.of();
    if (items.isEmpty()) {
      throw FraiseQLException.badInput(label + ": by names no field; group by at least one");
    }
    List<GroupKey> keys = new ArrayList<>(items.size());
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, ?> item = asMap(items.get(i));
      String name = item.get("field").toString();
      DataField f = type.fields().get(name);
      Integer earlier = seen.putIfAbsent(name, i);
      if (earlier != null) {
        throw FraiseQLException.badInput(label + ": by[" + i + "] groups on " + name + " again (by[" + earlier
            + "] already does); a field can be grouped on once, whatever its bucket");
      }
      AggregateDef.TimeBucket bucket = null;
      if (item.get("bucket") != null) {
        bucket = AggregateDef.TimeBucket.valueOf(item.get("bucket").toString());
        if (f.kind() != ScalarKind.DATE && f.kind() != ScalarKind.DATE_TIME) {
          throw FraiseQLException.badInput(label + ": by[" + i + "].bucket " + bucket + " applies to Date and DateTime"
              + " fields only; " + name + " is " + AggregateSchema.ownType(f));
        }
      }
      keys.add(new GroupKey(f.jsonKey(), ref(f, columns), bucket));
    }
    return keys;
  }

  // ------------------------------------------------------------------------------------ having

  private static List<AggregateDef.Condition> having(DataType type, Object value, Map<String, String> columns,
      String label) {
    List<AggregateDef.Condition> out = new ArrayList<>();
    if (!(value instanceof Map<?, ?>)) {
      return out;
    }
    for (Map.Entry<String, ?> e : asMap(value).entrySet()) {
      if (e.getValue() == null) {
        continue; // an explicit null condition is no condition, as in where
      }
      if (e.getKey().equals("count")) {
        comparisons(Aggregate.count(), asMap(e.getValue()), out);
        continue;
      }
      Function function = FUNCTIONS.get(e.getKey());
      for (Map.Entry<String, ?> m : asMap(e.getValue()).entrySet()) {
        if (m.getValue() != null) {
          DataField f = type.fields().get(m.getKey());
          comparisons(new Aggregate(function, ref(f, columns)), asMap(m.getValue()), out);
        }
      }
    }
    return out;
  }

  private static void comparisons(Aggregate aggregate, Map<String, ?> ops, List<AggregateDef.Condition> out) {
    for (Map.Entry<String, ?> op : ops.entrySet()) {
      if (op.getValue() != null) {
        out.add(new AggregateDef.Condition(aggregate, Where.Op.valueOf(op.getKey().toUpperCase(Locale.ROOT)),
            op.getValue()));
      }
    }
  }

  // ----------------------------------------------------------------------------------- orderBy

  private static List<Term> orderBy(DataType type, Object value, List<GroupKey> keys, Map<String, String> columns,
      String label) {
    List<Term> out = new ArrayList<>();
    if (!(value instanceof List<?> items)) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        continue;
      }
      String at = label + ": orderBy[" + i + "]";
      Map.Entry<String, ?> entry = only(asMap(items.get(i)), at, "count, key, sum, avg, min or max");
      if (entry.getKey().equals("count")) {
        out.add(new Term(Aggregate.count(), direction(entry.getValue())));
        continue;
      }
      String where = at + "." + entry.getKey();
      Map.Entry<String, ?> member = only(asMap(entry.getValue()), where, "one field");
      DataField f = type.fields().get(member.getKey());
      OrderKey.Direction direction = direction(member.getValue());
      if (entry.getKey().equals("key")) {
        int index = indexOf(keys, f.jsonKey());
        if (index < 0) {
          throw FraiseQLException.badInput(where + "." + member.getKey() + ": " + member.getKey()
              + " is not a group key; order by a field of by");
        }
        out.add(new Term(new AggregateDef.Key(index), direction));
      } else {
        out.add(new Term(new Aggregate(FUNCTIONS.get(entry.getKey()), ref(f, columns)), direction));
      }
    }
    return out;
  }

  private static int indexOf(List<GroupKey> keys, String jsonKey) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).jsonKey().equals(jsonKey)) {
        return i;
      }
    }
    return -1;
  }

  /** The one non-null entry of an input object; zero or several are {@code BAD_USER_INPUT}. */
  private static Map.Entry<String, ?> only(Map<String, ?> item, String where, String expected) {
    Map.Entry<String, ?> only = null;
    for (Map.Entry<String, ?> e : item.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      if (only != null) {
        throw FraiseQLException.badInput(where + " sets " + only.getKey() + " and " + e.getKey()
            + "; each item takes exactly one (use one item per key)");
      }
      only = e;
    }
    if (only == null) {
      throw FraiseQLException.badInput(where + " is empty; set " + expected);
    }
    return only;
  }

  private static OrderKey.Direction direction(Object value) {
    return OrderKey.Direction.valueOf(value.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object value) {
    return (Map<String, ?>) value;
  }
}
