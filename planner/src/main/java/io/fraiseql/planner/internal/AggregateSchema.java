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
    List<DataField> keys = fields(type, KEYS);
    StringBuilder sb = new StringBuilder();
    if (!numeric.isEmpty()) {
      sb.append(doc("Sums of the numeric fields of " + t + " (a sum of Int is a BigDecimal: it can pass 2^31);"
          + " null over no rows or only nulls."));
      sb.append("type ").append(t).append("Sums {\n");
      for (DataField f : numeric) {
        sb.append("  ").append(doc("Sum of " + f.name() + ".")).append("  ").append(f.name()).append(": ")
            .append(sumType(f.kind())).append('\n');
      }
      sb.append("}\n");
      sb.append(doc("Averages of the numeric fields of " + t + " (of Int and Float as Float, of BigDecimal as"
          + " BigDecimal); null over no rows or only nulls."));
      sb.append("type ").append(t).append("Avgs {\n");
      for (DataField f : numeric) {
        sb.append("  ").append(doc("Average of " + f.name() + ".")).append("  ").append(f.name()).append(": ")
            .append(avgType(f.kind())).append('\n');
      }
      sb.append("}\n");
    }
    if (!ordered.isEmpty()) {
      sb.append(doc("Smallest or largest values of the fields of " + t + "; null over no rows or only nulls."));
      sb.append("type ").append(t).append("Extremes {\n");
      for (DataField f : ordered) {
        sb.append("  ").append(doc("The smallest or largest " + f.name() + ".")).append("  ").append(f.name())
            .append(": ").append(ownType(f)).append('\n');
      }
      sb.append("}\n");
    }
    if (aggregate) {
      sb.append(doc("Aggregates over the " + t + " rows matching where, computed in PostgreSQL."));
      sb.append("type ").append(t).append("Aggregate {\n");
      measures(sb, t, numeric, ordered, "rows");
      sb.append("}\n");
    }
    if (groups) {
      groupTypes(sb, t, numeric, ordered, keys);
    }
    return sb.toString();
  }

  private static void measures(StringBuilder sb, String t, List<DataField> numeric, List<DataField> ordered,
      String what) {
    sb.append("  ").append(doc("The number of " + what + ".")).append("  count: Int!\n");
    if (!numeric.isEmpty()) {
      sb.append("  ").append(doc("Sums of the numeric fields over the " + what + ".")).append("  sum: ")
          .append(t).append("Sums!\n");
      sb.append("  ").append(doc("Averages of the numeric fields over the " + what + ".")).append("  avg: ")
          .append(t).append("Avgs!\n");
    }
    if (!ordered.isEmpty()) {
      sb.append("  ").append(doc("The smallest values over the " + what + ".")).append("  min: ")
          .append(t).append("Extremes!\n");
      sb.append("  ").append(doc("The largest values over the " + what + ".")).append("  max: ")
          .append(t).append("Extremes!\n");
    }
  }

  private static void groupTypes(StringBuilder sb, String t, List<DataField> numeric, List<DataField> ordered,
      List<DataField> keys) {
    sb.append(doc("One group of " + t + " rows: the rows sharing the values of the by fields."));
    sb.append("type ").append(t).append("Group {\n");
    sb.append("  ").append(doc("The values the group's rows share (a bucketed field as the start of its bucket);"
        + " fields not in by are null.")).append("  key: ").append(t).append("GroupKey!\n");
    measures(sb, t, numeric, ordered, "rows of the group");
    sb.append("}\n");

    sb.append(doc("The key of a group of " + t + " rows; fields not grouped on are null."));
    sb.append("type ").append(t).append("GroupKey {\n");
    for (DataField f : keys) {
      sb.append("  ").append(doc("The group's " + f.name() + ", or null when by does not name it."))
          .append("  ").append(f.name()).append(": ").append(ownType(f)).append('\n');
    }
    sb.append("}\n");

    sb.append(doc("A field of " + t + " to group by."));
    sb.append("enum ").append(t).append("GroupField {\n");
    for (DataField f : keys) {
      sb.append("  ").append(doc("Group by " + f.name() + ".")).append("  ").append(f.name()).append('\n');
    }
    sb.append("}\n");

    sb.append(doc("One group key of " + t + ": a field, and for a Date or DateTime field an optional time bucket."));
    sb.append("input ").append(t).append("GroupBy {\n");
    sb.append("  ").append(doc("The field to group by (each field at most once).")).append("  field: ").append(t)
        .append("GroupField!\n");
    sb.append("  ").append(doc("Group a Date or DateTime field by the start of this period (UTC).")).append(
        "  bucket: ").append(TIME_BUCKET).append('\n');
    sb.append("}\n");

    sb.append(doc("Conditions on the groups of " + t + "; all of them must hold."));
    sb.append("input ").append(t).append("Having {\n");
    sb.append("  ").append(doc("On the number of rows of the group.")).append("  count: ")
        .append(comparison("Int")).append('\n');
    if (!numeric.isEmpty()) {
      sb.append("  ").append(doc("On sums.")).append("  sum: ").append(t).append("SumsHaving\n");
      sb.append("  ").append(doc("On averages.")).append("  avg: ").append(t).append("AvgsHaving\n");
    }
    if (!ordered.isEmpty()) {
      sb.append("  ").append(doc("On smallest values.")).append("  min: ").append(t).append("ExtremesHaving\n");
      sb.append("  ").append(doc("On largest values.")).append("  max: ").append(t).append("ExtremesHaving\n");
    }
    sb.append("}\n");
    if (!numeric.isEmpty()) {
      sb.append(doc("Conditions on sums of fields of " + t + "."));
      sb.append("input ").append(t).append("SumsHaving {\n");
      for (DataField f : numeric) {
        sb.append("  ").append(doc("On the sum of " + f.name() + ".")).append("  ").append(f.name()).append(": ")
            .append(comparison(sumType(f.kind()))).append('\n');
      }
      sb.append("}\n");
      sb.append(doc("Conditions on averages of fields of " + t + "."));
      sb.append("input ").append(t).append("AvgsHaving {\n");
      for (DataField f : numeric) {
        sb.append("  ").append(doc("On the average of " + f.name() + ".")).append("  ").append(f.name())
            .append(": ").append(comparison(avgType(f.kind()))).append('\n');
      }
      sb.append("}\n");
    }
    if (!ordered.isEmpty()) {
      sb.append(doc("Conditions on the smallest or largest values of fields of " + t + "."));
      sb.append("input ").append(t).append("ExtremesHaving {\n");
      for (DataField f : ordered) {
        sb.append("  ").append(doc("On the smallest or largest " + f.name() + ".")).append("  ").append(f.name())
            .append(": ").append(comparison(ownType(f))).append('\n');
      }
      sb.append("}\n");
    }

    sb.append(doc("One ordering key of the groups of " + t + ": set exactly one of count, key, sum, avg, min, max."
        + " The by keys, ascending with nulls last, always follow, so the order is total."));
    sb.append("input ").append(t).append("GroupOrderBy {\n");
    sb.append("  ").append(doc("By the number of rows.")).append("  count: OrderDirection\n");
    sb.append("  ").append(doc("By a group key (a field of by, with its bucket).")).append("  key: ").append(t)
        .append("GroupKeyOrderBy\n");
    if (!numeric.isEmpty()) {
      sb.append("  ").append(doc("By a sum.")).append("  sum: ").append(t).append("SumsOrderBy\n");
      sb.append("  ").append(doc("By an average.")).append("  avg: ").append(t).append("AvgsOrderBy\n");
    }
    if (!ordered.isEmpty()) {
      sb.append("  ").append(doc("By a smallest value.")).append("  min: ").append(t).append("ExtremesOrderBy\n");
      sb.append("  ").append(doc("By a largest value.")).append("  max: ").append(t).append("ExtremesOrderBy\n");
    }
    sb.append("}\n");
    orderInput(sb, t + "GroupKeyOrderBy", "A group key of " + t + " to order by: set exactly one field.", keys);
    if (!numeric.isEmpty()) {
      orderInput(sb, t + "SumsOrderBy", "A sum of " + t + " to order by: set exactly one field.", numeric);
      orderInput(sb, t + "AvgsOrderBy", "An average of " + t + " to order by: set exactly one field.", numeric);
    }
    if (!ordered.isEmpty()) {
      orderInput(sb, t + "ExtremesOrderBy", "A smallest or largest value of " + t
          + " to order by: set exactly one field.", ordered);
    }
  }

  private static void orderInput(StringBuilder sb, String name, String description, List<DataField> fields) {
    sb.append(doc(description)).append("input ").append(name).append(" {\n");
    for (DataField f : fields) {
      sb.append("  ").append(doc("By " + f.name() + ".")).append("  ").append(f.name()).append(": OrderDirection\n");
    }
    sb.append("}\n");
  }

  /** {@code TimeBucket}. */
  static String timeBucketSdl() {
    return doc("A period to group a Date or DateTime field by: the key is the period's start, in UTC, in the"
        + " field's own format.")
        + "enum " + TIME_BUCKET + " {\n"
        + "  " + doc("The start of the hour.") + "  HOUR\n"
        + "  " + doc("The start of the day.") + "  DAY\n"
        + "  " + doc("The start of the week: Monday.") + "  WEEK\n"
        + "  " + doc("The first day of the month.") + "  MONTH\n"
        + "  " + doc("The first day of the quarter (January, April, July, October).") + "  QUARTER\n"
        + "  " + doc("The first day of the year.") + "  YEAR\n}\n";
  }

  /** A comparison input of {@code having}: {@code eq neq gt gte lt lte} of {@code scalar}. */
  static String comparisonSdl(String name) {
    String scalar = name.substring(0, name.length() - "Comparison".length());
    return doc("Comparisons of a " + scalar + " aggregate with a value; a null aggregate (no rows, only nulls)"
        + " never matches.")
        + "input " + name + " {\n"
        + "  " + doc("Equal to the value.") + "  eq: " + scalar + "\n"
        + "  " + doc("Not equal to the value.") + "  neq: " + scalar + "\n"
        + "  " + doc("Greater than the value.") + "  gt: " + scalar + "\n"
        + "  " + doc("Greater than or equal to the value.") + "  gte: " + scalar + "\n"
        + "  " + doc("Less than the value.") + "  lt: " + scalar + "\n"
        + "  " + doc("Less than or equal to the value.") + "  lte: " + scalar + "\n}\n";
  }

  private static String doc(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
  }
}
