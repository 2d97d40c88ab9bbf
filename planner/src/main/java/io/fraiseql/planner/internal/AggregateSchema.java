package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.ScalarKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The types the engine generates for aggregate ({@code <T>Aggregate}) and group
 * ({@code [<T>Group]}) root fields, as SDL with descriptions: {@code <T>Aggregate},
 * {@code <T>Group}, {@code <T>GroupKey}, {@code <T>Sums}, {@code <T>Avgs}, {@code <T>Extremes},
 * {@code <T>GroupBy}, {@code <T>GroupField}, {@code <T>Having}, {@code <T>GroupOrderBy} (with
 * their nested inputs {@code <T>SumsHaving}, {@code <T>SumsOrderBy}..., {@code <T>GroupKeyOrderBy}),
 * {@code TimeBucket} and the comparison inputs {@code IntComparison}... of {@code having}.
 *
 * <p>Only the type's own top-level scalar fields take part: embedded objects, lists and JSON
 * fields do not.
 */
public final class AggregateSchema {
  /** Kinds with a sum and an average. */
  static final Set<ScalarKind> NUMERIC = EnumSet.of(ScalarKind.INT, ScalarKind.FLOAT, ScalarKind.BIG_DECIMAL);
  /** Kinds with a minimum and a maximum. */
  static final Set<ScalarKind> ORDERED = EnumSet.of(ScalarKind.INT, ScalarKind.FLOAT, ScalarKind.BIG_DECIMAL,
      ScalarKind.STRING, ScalarKind.DATE, ScalarKind.DATE_TIME);
  /** Kinds a group can be keyed on. */
  static final Set<ScalarKind> KEYS = EnumSet.of(ScalarKind.STRING, ScalarKind.INT, ScalarKind.FLOAT,
      ScalarKind.BIG_DECIMAL, ScalarKind.BOOLEAN, ScalarKind.ID, ScalarKind.UUID, ScalarKind.DATE,
      ScalarKind.DATE_TIME, ScalarKind.ENUM);

  static final String TIME_BUCKET = "TimeBucket";

  private AggregateSchema() {}

  /** The fields of {@code type} whose kind is in {@code kinds}, in declaration order. */
  static List<DataField> fields(DataType type, Set<ScalarKind> kinds) {
    List<DataField> out = new ArrayList<>();
    for (DataField f : type.fields().values()) {
      if (!f.list() && !f.isObject() && kinds.contains(f.kind())) {
        out.add(f);
      }
    }
    return out;
  }

  /** The GraphQL type of a sum of a field of {@code kind}: Int sums can pass 2^31. */
  static String sumType(ScalarKind kind) {
    return kind == ScalarKind.FLOAT ? "Float" : "BigDecimal";
  }

  /** The GraphQL type of an average of a field of {@code kind}. */
  static String avgType(ScalarKind kind) {
    return kind == ScalarKind.BIG_DECIMAL ? "BigDecimal" : "Float";
  }

  /** The GraphQL type of a field's own values. */
  static String ownType(DataField f) {
    return f.kind() == ScalarKind.ENUM ? f.enumType() : SchemaLoader.scalarName(f.kind());
  }

  /** The names of the types generated for {@code type}. */
  static List<String> generatedNames(String type, boolean aggregate, boolean groups) {
    List<String> names = new ArrayList<>(List.of(type + "Sums", type + "Avgs", type + "Extremes"));
    if (aggregate) {
      names.add(type + "Aggregate");
    }
    if (groups) {
      for (String suffix : List.of("Group", "GroupKey", "GroupField", "GroupBy", "Having", "SumsHaving",
          "AvgsHaving", "ExtremesHaving", "GroupOrderBy", "GroupKeyOrderBy", "SumsOrderBy", "AvgsOrderBy",
          "ExtremesOrderBy")) {
        names.add(type + suffix);
      }
    }
    return names;
  }

  /** The comparison input of {@code having} values of a GraphQL scalar ({@code IntComparison}). */
  static String comparison(String scalar) {
    return scalar + "Comparison";
  }

  /** The comparison inputs the groups of {@code type} need ({@code IntComparison} for count). */
  static Set<String> comparisonsFor(DataType type) {
    Set<String> out = new LinkedHashSet<>();
    out.add(comparison("Int"));
    for (DataField f : fields(type, NUMERIC)) {
      out.add(comparison(sumType(f.kind())));
      out.add(comparison(avgType(f.kind())));
    }
    for (DataField f : fields(type, ORDERED)) {
      out.add(comparison(ownType(f)));
    }
    return out;
  }

  /**
   * The SDL of the types for {@code type}: {@code <T>Sums}, {@code <T>Avgs}, {@code <T>Extremes}
   * (when it has such fields), {@code <T>Aggregate} when {@code aggregate}, the group types when
   * {@code groups}.
   */
  static String sdl(DataType type, boolean aggregate, boolean groups) {
    String t = type.name();
    List<DataField> numeric = fields(type, NUMERIC);
    List<DataField> ordered = fields(type, ORDERED);
    Sdl sdl = new Sdl();
    if (!numeric.isEmpty()) {
      sdl.open("type", t + "Sums", "Sums of the numeric fields of " + t + " (a sum of Int is a BigDecimal: it can"
              + " pass 2^31); null over no rows or only nulls.")
          .members(numeric, f -> sumType(f.kind()), "Sum of %s.").close();
      sdl.open("type", t + "Avgs", "Averages of the numeric fields of " + t + " (of Int and Float as Float, of"
              + " BigDecimal as BigDecimal); null over no rows or only nulls.")
          .members(numeric, f -> avgType(f.kind()), "Average of %s.").close();
    }
    if (!ordered.isEmpty()) {
      sdl.open("type", t + "Extremes", "Smallest or largest values of the fields of " + t + "; null over no rows"
              + " or only nulls.")
          .members(ordered, AggregateSchema::ownType, "The smallest or largest %s.").close();
    }
    if (aggregate) {
      sdl.open("type", t + "Aggregate", "Aggregates over the " + t + " rows matching where, computed in PostgreSQL.");
      measures(sdl, t, numeric, ordered, "rows").close();
    }
    if (groups) {
      groupTypes(sdl, t, numeric, ordered, fields(type, KEYS));
    }
    return sdl.toString();
  }

  /** The members {@code count}, {@code sum}, {@code avg}, {@code min}, {@code max} that apply. */
  private static Sdl measures(Sdl sdl, String t, List<DataField> numeric, List<DataField> ordered, String what) {
    sdl.member("count", "Int!", "The number of " + what + ".");
    if (!numeric.isEmpty()) {
      sdl.member("sum", t + "Sums!", "Sums of the numeric fields over the " + what + ".")
          .member("avg", t + "Avgs!", "Averages of the numeric fields over the " + what + ".");
    }
    if (!ordered.isEmpty()) {
      sdl.member("min", t + "Extremes!", "The smallest values over the " + what + ".")
          .member("max", t + "Extremes!", "The largest values over the " + what + ".");
    }
    return sdl;
  }

  private static void groupTypes(Sdl sdl, String t, List<DataField> numeric, List<DataField> ordered,
      List<DataField> keys) {
    sdl.open("type", t + "Group", "One group of " + t + " rows: the rows sharing the values of the by fields.")
        .member("key", t + "GroupKey!", "The values the group's rows share (a bucketed field as the start of its"
            + " bucket); fields not in by are null.");
    measures(sdl, t, numeric, ordered, "rows of the group").close();
    sdl.open("type", t + "GroupKey", "The key of a group of " + t + " rows; fields not grouped on are null.")
        .members(keys, AggregateSchema::ownType, "The group's %s, or null when by does not name it.").close();
    sdl.open("enum", t + "GroupField", "A field of " + t + " to group by.").members(keys, f -> null, "Group by %s.")
        .close();
    sdl.open("input", t + "GroupBy", "One group key of " + t + ": a field, and for a Date or DateTime field an"
            + " optional time bucket.")
        .member("field", t + "GroupField!", "The field to group by (each field at most once).")
        .member("bucket", TIME_BUCKET, "Group a Date or DateTime field by the start of this period (UTC).").close();

    sdl.open("input", t + "Having", "Conditions on the groups of " + t + "; all of them must hold.")
        .member("count", comparison("Int"), "On the number of rows of the group.");
    sdl.open("input", t + "GroupOrderBy", "One ordering key of the groups of " + t + ": set exactly one of count,"
            + " key, sum, avg, min, max. The by keys, ascending with nulls last, always follow, so the order is total.")
        .member("count", "OrderDirection", "By the number of rows.")
        .member("key", t + "GroupKeyOrderBy", "By a group key (a field of by, with its bucket).");
    sdl.open("input", t + "GroupKeyOrderBy", "A group key of " + t + " to order by: set exactly one field.")
        .members(keys, f -> "OrderDirection", "By %s.").close();
    if (!numeric.isEmpty()) {
      sdl.member(t + "Having", "sum", t + "SumsHaving", "On sums.")
          .member(t + "Having", "avg", t + "AvgsHaving", "On averages.")
          .member(t + "GroupOrderBy", "sum", t + "SumsOrderBy", "By a sum.")
          .member(t + "GroupOrderBy", "avg", t + "AvgsOrderBy", "By an average.");
      sdl.open("input", t + "SumsHaving", "Conditions on sums of fields of " + t + ".")
          .members(numeric, f -> comparison(sumType(f.kind())), "On the sum of %s.").close();
      sdl.open("input", t + "AvgsHaving", "Conditions on averages of fields of " + t + ".")
          .members(numeric, f -> comparison(avgType(f.kind())), "On the average of %s.").close();
      sdl.open("input", t + "SumsOrderBy", "A sum of " + t + " to order by: set exactly one field.")
          .members(numeric, f -> "OrderDirection", "By %s.").close();
      sdl.open("input", t + "AvgsOrderBy", "An average of " + t + " to order by: set exactly one field.")
          .members(numeric, f -> "OrderDirection", "By %s.").close();
    }
    if (!ordered.isEmpty()) {
      sdl.member(t + "Having", "min", t + "ExtremesHaving", "On smallest values.")
          .member(t + "Having", "max", t + "ExtremesHaving", "On largest values.")
          .member(t + "GroupOrderBy", "min", t + "ExtremesOrderBy", "By a smallest value.")
          .member(t + "GroupOrderBy", "max", t + "ExtremesOrderBy", "By a largest value.");
      sdl.open("input", t + "ExtremesHaving", "Conditions on the smallest or largest values of fields of " + t + ".")
          .members(ordered, f -> comparison(ownType(f)), "On the smallest or largest %s.").close();
      sdl.open("input", t + "ExtremesOrderBy", "A smallest or largest value of " + t
              + " to order by: set exactly one field.")
          .members(ordered, f -> "OrderDirection", "By %s.").close();
    }
  }

  /** {@code TimeBucket}. */
  static String timeBucketSdl() {
    return new Sdl().open("enum", TIME_BUCKET, "A period to group a Date or DateTime field by: the key is the"
            + " period's start, in UTC, in the field's own format.")
        .member("HOUR", null, "The start of the hour.")
        .member("DAY", null, "The start of the day.")
        .member("WEEK", null, "The start of the week: Monday.")
        .member("MONTH", null, "The first day of the month.")
        .member("QUARTER", null, "The first day of the quarter (January, April, July, October).")
        .member("YEAR", null, "The first day of the year.").close().toString();
  }

  /** A comparison input of {@code having}: {@code eq neq gt gte lt lte} of its scalar. */
  static String comparisonSdl(String name) {
    String scalar = name.substring(0, name.length() - "Comparison".length());
    return new Sdl().open("input", name, "Comparisons of a " + scalar + " aggregate with a value; a null"
            + " aggregate (no rows, only nulls) never matches.")
        .member("eq", scalar, "Equal to the value.")
        .member("neq", scalar, "Not equal to the value.")
        .member("gt", scalar, "Greater than the value.")
        .member("gte", scalar, "Greater than or equal to the value.")
        .member("lt", scalar, "Less than the value.")
        .member("lte", scalar, "Less than or equal to the value.").close().toString();
  }

  /**
   * SDL being written: definitions with a description on each and on each member. A definition
   * can stay open while others are written; {@link #member(String, String, String, String)} adds
   * to it by name and {@link #toString()} closes what is still open.
   */
  private static final class Sdl {
    private final java.util.Map<String, StringBuilder> definitions = new java.util.LinkedHashMap<>();
    private final java.util.Set<StringBuilder> closed =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private StringBuilder current;

    Sdl open(String keyword, String name, String description) {
      current = new StringBuilder(doc(description)).append(keyword).append(' ').append(name).append(" {\n");
      definitions.put(name, current);
      return this;
    }

    /** A member of the definition opened last. */
    Sdl member(String name, String type, String description) {
      append(current, name, type, description);
      return this;
    }

    /** A member of the open definition {@code definition}. */
    Sdl member(String definition, String name, String type, String description) {
      append(definitions.get(definition), name, type, description);
      return this;
    }

    /** One member per field: its type (none for enum values) and {@code description} with its name for %s. */
    Sdl members(List<DataField> fields, java.util.function.Function<DataField, String> type, String description) {
      for (DataField f : fields) {
        member(f.name(), type.apply(f), description.replace("%s", f.name()));
      }
      return this;
    }

    Sdl close() {
      current.append("}\n");
      closed.add(current);
      current = null;
      return this;
    }

    private static void append(StringBuilder sb, String name, String type, String description) {
      sb.append("  ").append(doc(description)).append("  ").append(name);
      if (type != null) {
        sb.append(": ").append(type);
      }
      sb.append('\n');
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      for (StringBuilder d : definitions.values()) {
        out.append(d);
        if (!closed.contains(d)) {
          out.append("}\n");
        }
      }
      return out.toString();
    }
  }

  private static String doc(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
  }
}
