package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.ScalarKind;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SDL the engine provides: directives, scalars, OrderDirection and the operator inputs. */
final class Prelude {
  private Prelude() {}

  static final Map<String, String> DIRECTIVES = new LinkedHashMap<>();
  static final Map<String, String> TYPES = new LinkedHashMap<>();

  /** GraphQL scalar name to the kind the engine reads it as. */
  static final Map<String, ScalarKind> SCALAR_KINDS = new LinkedHashMap<>();

  /** Scalar kind to the name of its generated filter input (absent: not filterable here). */
  static final Map<ScalarKind, String> FILTERS = new LinkedHashMap<>();

  private static final Map<String, String> OP_DOCS = Map.ofEntries(
      Map.entry("eq", "Equal to the value; never matches null."),
      Map.entry("neq", "Not equal to the value; never matches null."),
      Map.entry("gt", "Greater than, compared as the field's type."),
      Map.entry("gte", "Greater than or equal, compared as the field's type."),
      Map.entry("lt", "Less than, compared as the field's type."),
      Map.entry("lte", "Less than or equal, compared as the field's type."),
      Map.entry("in", "Equal to one of the values; never matches null."),
      Map.entry("nin", "Equal to none of the values; never matches null."),
      Map.entry("isnull", "true: the value is null or absent; false: it is present."),
      Map.entry("contains", "Contains the text literally (case-sensitive)."),
      Map.entry("icontains", "Contains the text literally, ignoring case."),
      Map.entry("startswith", "Starts with the text literally."),
      Map.entry("istartswith", "Starts with the text literally, ignoring case."),
      Map.entry("endswith", "Ends with the text literally."),
      Map.entry("iendswith", "Ends with the text literally, ignoring case."),
      Map.entry("like", "SQL LIKE pattern (% and _)."),
      Map.entry("ilike", "SQL ILIKE pattern, ignoring case."),
      Map.entry("matches", "Matches the POSIX regular expression."),
      Map.entry("imatches", "Matches the POSIX regular expression, ignoring case."),
      Map.entry("notMatches", "Does not match the POSIX regular expression; never matches null."));

  static {
    DIRECTIVES.put(
        "sqlSource",
        "\"The view or table that returns this type's rows as JSONB.\"\n"
            + "directive @sqlSource(name: String!, dataColumn: String = \"data\","
            + " idColumn: String = \"id\") on OBJECT | FIELD_DEFINITION");
    DIRECTIVES.put("insert", "directive @insert(table: String!) on FIELD_DEFINITION");
    DIRECTIVES.put("update", "directive @update(table: String!) on FIELD_DEFINITION");
    DIRECTIVES.put("delete", "directive @delete(table: String!) on FIELD_DEFINITION");
    DIRECTIVES.put(
        "function", "directive @function(name: String!, schema: String) on FIELD_DEFINITION");

    SCALAR_KINDS.put("String", ScalarKind.STRING);
    SCALAR_KINDS.put("Int", ScalarKind.INT);
    SCALAR_KINDS.put("Float", ScalarKind.FLOAT);
    SCALAR_KINDS.put("Boolean", ScalarKind.BOOLEAN);
    SCALAR_KINDS.put("ID", ScalarKind.ID);
    SCALAR_KINDS.put("UUID", ScalarKind.UUID);
    SCALAR_KINDS.put("Date", ScalarKind.DATE);
    SCALAR_KINDS.put("DateTime", ScalarKind.DATE_TIME);
    SCALAR_KINDS.put("BigDecimal", ScalarKind.BIG_DECIMAL);
    SCALAR_KINDS.put("JSON", ScalarKind.JSON);

    TYPES.put(
        "OrderDirection",
        "\"Sort direction. Plain ASC puts nulls last and DESC puts them first.\"\n"
            + "enum OrderDirection { ASC DESC ASC_NULLS_FIRST ASC_NULLS_LAST DESC_NULLS_FIRST"
            + " DESC_NULLS_LAST }");
    TYPES.put(
        "PageInfo",
        "\"Where a connection page sits in the whole list.\"\n"
            + "type PageInfo {\n"
            + "  \"More rows follow the last edge (with first) or a before cursor was given (with last).\"\n"
            + "  hasNextPage: Boolean!\n"
            + "  \"More rows precede the first edge (with last) or an after cursor was given (with first).\"\n"
            + "  hasPreviousPage: Boolean!\n"
            + "  \"The cursor of the first edge, or null when there are none.\"\n  startCursor: String\n"
            + "  \"The cursor of the last edge, or null when there are none.\"\n  endCursor: String\n}");
    TYPES.put(
        "JSONFilter",
        "\"Operators on a JSON field (jsonb operators, served by GIN indexes).\"\n"
            + "input JSONFilter {\n"
            + "  \"Equal to this JSON value.\"\n  eq: JSON\n"
            + "  \"Contains this JSON value (@>).\"\n  contains: JSON\n"
            + "  \"Is contained in this JSON value (<@).\"\n  containedBy: JSON\n"
            + "  \"Has this top-level key.\"\n  hasKey: String\n"
            + "  \"Has at least one of these top-level keys.\"\n  hasAnyKeys: [String!]\n"
            + "  \"Has all of these top-level keys.\"\n  hasAllKeys: [String!]\n"
            + "  \"true: the value is null or absent; false: it is present.\"\n  isnull: Boolean\n}");
    TYPES.put(
        "MutationError",
        "\"One error reported by a mutation function.\"\n"
            + "type MutationError { code: Int identifier: String message: String details: JSON }");

    String cmp = "gt lt gte lte";
    filter("StringFilter", "String", "eq neq contains icontains startswith istartswith endswith"
        + " iendswith like ilike matches imatches notMatches in nin isnull");
    filter("IntFilter", "Int", "eq neq " + cmp + " in nin isnull");
    filter("FloatFilter", "Float", "eq neq " + cmp + " in nin isnull");
    filter("BigDecimalFilter", "BigDecimal", "eq neq " + cmp + " in nin isnull");
    filter("DateFilter", "Date", "eq neq " + cmp + " in nin isnull");
    filter("DateTimeFilter", "DateTime", "eq neq " + cmp + " in nin isnull");
    filter("BooleanFilter", "Boolean", "eq neq isnull");
    filter("IDFilter", "ID", "eq neq in nin isnull");
    filter("UUIDFilter", "UUID", "eq neq in nin isnull");
    FILTERS.put(ScalarKind.STRING, "StringFilter");
    FILTERS.put(ScalarKind.INT, "IntFilter");
    FILTERS.put(ScalarKind.FLOAT, "FloatFilter");
    FILTERS.put(ScalarKind.BIG_DECIMAL, "BigDecimalFilter");
    FILTERS.put(ScalarKind.DATE, "DateFilter");
    FILTERS.put(ScalarKind.DATE_TIME, "DateTimeFilter");
    FILTERS.put(ScalarKind.BOOLEAN, "BooleanFilter");
    FILTERS.put(ScalarKind.ID, "IDFilter");
    FILTERS.put(ScalarKind.UUID, "UUIDFilter");
  }

  static String filterFor(String enumType) {
    return enumType + "Filter";
  }

  /** The list filter of an element type name ({@code StringListFilter}, {@code RoleListFilter}). */
  static String listFilterFor(String elementType) {
    return elementType + "ListFilter";
  }

  static String listFilterSdl(String elementType) {
    String e = elementType;
    return "\"Operators on a list of " + e + ".\"\ninput " + listFilterFor(e) + " {\n"
        + "  \"Holds every one of these values.\"\n  contains: [" + e + "!]\n"
        + "  \"Holds only values among these.\"\n  containedBy: [" + e + "!]\n"
        + "  \"Holds at least one of these values.\"\n  overlaps: [" + e + "!]\n"
        + "  \"Has exactly this many elements.\"\n  lenEq: Int\n"
        + "  \"Has more than this many elements.\"\n  lenGt: Int\n"
        + "  \"Has at least this many elements.\"\n  lenGte: Int\n"
        + "  \"Has fewer than this many elements.\"\n  lenLt: Int\n"
        + "  \"Has at most this many elements.\"\n  lenLte: Int\n"
        + "  \"true: the list is null or absent; false: it is present.\"\n  isnull: Boolean\n}\n";
  }

  static String connectionSdl(String type) {
    return "\"A page of " + type + " rows (Relay connection).\"\ntype " + type + "Connection {\n"
        + "  edges: [" + type + "Edge!]!\n  pageInfo: PageInfo!\n"
        + "  \"Rows matching the filter, ignoring the page (computed only when selected).\"\n  totalCount: Int!\n}\n"
        + "\"One row of a connection page.\"\ntype " + type + "Edge {\n"
        + "  \"Opaque; pass it as after or before.\"\n  cursor: String!\n  node: " + type + "!\n}\n";
  }

  /** Quantifiers over an embedded list of objects. */
  static String objectListFilterSdl(String type) {
    return "\"Conditions on a list of " + type + ".\"\ninput " + listFilterFor(type) + " {\n"
        + "  \"At least one element matches (false for an empty list).\"\n  some: " + type + "WhereInput\n"
        + "  \"Every element matches (true for an empty list).\"\n  every: " + type + "WhereInput\n"
        + "  \"No element matches.\"\n  none: " + type + "WhereInput\n}\n";
  }

  static String enumFilterSdl(String enumType) {
    return filterSdl(filterFor(enumType), enumType, "eq neq in nin isnull");
  }

  private static void filter(String name, String type, String ops) {
    TYPES.put(name, filterSdl(name, type, ops));
  }

  private static String filterSdl(String name, String type, String ops) {
    StringBuilder sb = new StringBuilder();
    sb.append("\"Operators on a ").append(type).append(" field.\"\ninput ").append(name).append(" {\n");
    for (String op : ops.split(" ")) {
      String t;
      if (op.equals("isnull")) {
        t = "Boolean";
      } else if (op.equals("in") || op.equals("nin")) {
        t = "[" + type + "!]";
      } else {
        t = type;
      }
      sb.append("  \"").append(OP_DOCS.get(op)).append("\"\n  ").append(op).append(": ").append(t).append('\n');
    }
    return sb.append("}\n").toString();
  }
}
