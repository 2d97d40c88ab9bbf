package io.fraiseql.sql;

import static io.fraiseql.sql.Plans.and;
import static io.fraiseql.sql.Plans.byId;
import static io.fraiseql.sql.Plans.cmp;
import static io.fraiseql.sql.Plans.column;
import static io.fraiseql.sql.Plans.json;
import static io.fraiseql.sql.Plans.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.Parameter;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import io.fraiseql.api.plan.Where.Op;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A plan whose values are {@link Parameter}s renders the same text as the plan with the values
 * themselves, and its statement bound to a request's values has that plan's bind values.
 */
class ParameterRenderingTest {
  static final Source USERS = new Source("v_user", "data", "id", "uuid");
  static final FieldRef NAME = json(ScalarKind.STRING, "full_name");
  static final FieldRef AGE = column("age", "integer", ScalarKind.INT);
  static final FieldRef TAGS = FieldRef.column("tags", "text[]", List.of("tags"), ScalarKind.STRING);
  static final FieldRef LABELS = json(ScalarKind.STRING, "labels");
  static final FieldRef META = json(ScalarKind.JSON, "meta");

  final SqlRenderer jdbc = new SqlRenderer(BindStyle.QUESTION_MARK);
  final SqlRenderer wire = new SqlRenderer(BindStyle.DOLLAR_NUMBERED);

  /** A filter using every kind of value to bind, built from {@code v} (values or parameters). */
  static Where filter(Function<Integer, Object> v) {
    return and(
        cmp(NAME, Op.EQ, v.apply(0)),
        cmp(NAME, Op.ICONTAINS, v.apply(1)),
        cmp(NAME, Op.STARTSWITH, v.apply(1)),
        cmp(NAME, Op.IENDSWITH, v.apply(1)),
        cmp(NAME, Op.LIKE, v.apply(1)),
        cmp(NAME, Op.NOT_MATCHES, v.apply(1)),
        cmp(AGE, Op.IN, List.of(v.apply(2), v.apply(3))),
        cmp(AGE, Op.NIN, List.of(v.apply(3))),
        new Where.ListCompare(TAGS, Where.ListOp.CONTAINS, v.apply(4)),
        new Where.ListCompare(LABELS, Where.ListOp.OVERLAPS, v.apply(4)),
        new Where.ListCompare(LABELS, Where.ListOp.CONTAINED_BY, v.apply(4)),
        new Where.JsonCompare(META, Where.JsonOp.CONTAINS, v.apply(5)),
        new Where.JsonCompare(META, Where.JsonOp.HAS_KEY, v.apply(0)),
        new Where.JsonCompare(META, Where.JsonOp.HAS_ALL_KEYS, v.apply(4)),
        new Where.Not(cmp(AGE, Op.GT, v.apply(2))));
  }

  static final Object[] SAMPLE = {"ann", "50%_off\\", 30, 40, List.of("a", "b"), Map.of("k", List.of(1, 2))};
  static final Object[] OTHER = {"bob", "x_y", 7, 9, List.of("c"), Map.of("z", true)};

  @Test
  void aTemplateRendersTheTextOfItsPlanAndBindsEachRequestsValues() {
    Object[] parameters = new Object[SAMPLE.length];
    for (int i = 0; i < SAMPLE.length; i++) {
      parameters[i] = new Parameter(i, SAMPLE[i]);
    }
    UUID id = UUID.randomUUID();
    for (SqlRenderer r : List.of(jdbc, wire)) {
      QueryDef template = list(USERS, filter(i -> parameters[i]), List.of(), 10, 5);
      SqlStatement rendered = r.select(template);
      assertThat(rendered.parameterized()).isTrue();
      for (Object[] values : List.of(SAMPLE, OTHER)) {
        SqlStatement literal = r.select(list(USERS, filter(i -> values[i]), List.of(), 10, 5));
        assertThat(literal.parameterized()).isFalse();
        SqlStatement bound = rendered.bind(values);
        assertThat(bound.sql()).isEqualTo(literal.sql());
        assertThat(bound.params()).isEqualTo(literal.params());
        assertThat(bound.maxRows()).isEqualTo(10);
        assertThat(bound.parameterized()).isFalse();
        assertThat(bound.bind(values)).isSameAs(bound);
      }
      SqlStatement byIdTemplate = r.select(byId(USERS, new Parameter(0, id), null));
      UUID other = UUID.randomUUID();
      assertThat(byIdTemplate.bind(new Object[] {other})).isEqualTo(r.select(byId(USERS, other, null)));
      assertThat(r.count(template).bind(OTHER)).isEqualTo(r.count(list(USERS, filter(i -> OTHER[i]))));
      assertThat(r.selectPage(template).bind(OTHER).sql())
          .isEqualTo(r.selectPage(list(USERS, filter(i -> OTHER[i]), List.of(), 10, 5)).sql());
    }
  }

  @Test
  void havingConditionsTakeParameters() {
    FieldRef genre = column("genre", "text", ScalarKind.STRING);
    Selection.ObjectSelection sel = new Selection.ObjectSelection("G", List.of());
    java.util.function.Function<Object, AggregateDef> plan = v -> new AggregateDef("g", USERS, sel, null,
        List.of(new AggregateDef.GroupKey("genre", genre, null)), true,
        List.of(new AggregateDef.Measure("count", AggregateDef.Aggregate.count())),
        List.of(new AggregateDef.Condition(AggregateDef.Aggregate.count(), Op.GTE, v)), List.of(), null, null,
        true, true);
    SqlStatement template = jdbc.aggregate(plan.apply(new Parameter(0, 2)));
    assertThat(template.bind(new Object[] {5})).isEqualTo(jdbc.aggregate(plan.apply(5)));
  }

  @Test
  void aParameterIsTypedByItsSampleAndChecked() {
    assertThatThrownBy(() -> jdbc.select(list(USERS, cmp(NAME, Op.CONTAINS, new Parameter(0, 3)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a String value");
    assertThat(jdbc.select(list(USERS, cmp(AGE, Op.GT, new Parameter(0, new BigDecimal("1.5"))))).sql())
        .contains("CAST(? AS numeric)");
    assertThatThrownBy(() -> new Where.ListCompare(TAGS, Where.ListOp.CONTAINS, new Parameter(0, "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Mutations of a template: column values, the id and a function's input (nested values, a whole
   * list, JSON) render as the plain mutation does, and bind to each request's values.
   */
  @Test
  void mutationsRenderTheirParametersAndBindEachRequestsValues() {
    Selection.ObjectSelection sel = new Selection.ObjectSelection("User", List.of());
    QueryDef reread = new QueryDef("u", USERS, QueryDef.Shape.BY_ID, sel, null, List.of(), null, null, "x", false, false);
    Function<Function<Integer, Object>, io.fraiseql.api.plan.MutationDef.Dml> update = v ->
        new io.fraiseql.api.plan.MutationDef.Dml("u", io.fraiseql.api.plan.MutationDef.Kind.UPDATE, "tb_user", "id",
            "uuid", ordered(
                "full_name", new io.fraiseql.api.plan.MutationDef.ColumnValue(v.apply(0), "text"),
                "tags", new io.fraiseql.api.plan.MutationDef.ColumnValue(v.apply(1), "text[]")),
            v.apply(2), reread);
    Function<Function<Integer, Object>, io.fraiseql.api.plan.MutationDef.FunctionCall> call = v ->
        new io.fraiseql.api.plan.MutationDef.FunctionCall("f", null, "fn_x", ordered(
            "label", v.apply(0), "nested", Map.of("tags", v.apply(1))), sel, sel, null, List.of(), false);
    UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
    Object[] first = {"Ann \"A\"", List.of("a", "b"), id};
    Object[] second = {"Bob", List.of("c"), UUID.fromString("00000000-0000-0000-0000-000000000002")};
    Function<Integer, Object> parameters = i -> new Parameter(i, first[i]);
    for (SqlRenderer r : List.of(jdbc, wire)) {
      SqlStatement template = r.mutation(update.apply(parameters));
      assertThat(template.parameterized()).isTrue();
      for (Object[] values : List.of(first, second)) {
        assertThat(template.bind(values)).isEqualTo(r.mutation(update.apply(i -> values[i])));
      }
      SqlStatement fn = r.function(call.apply(parameters));
      assertThat(fn.sql()).isEqualTo(r.function(call.apply(i -> first[i])).sql());
      for (Object[] values : List.of(first, second)) {
        assertThat(fn.bind(values).params()).isEqualTo(r.function(call.apply(i -> values[i])).params());
      }
      assertThat(fn.bind(second).params().get(0)).isEqualTo("{\"label\": \"Bob\", \"nested\": {\"tags\": [\"c\"]}}");
    }
  }

  @SuppressWarnings("unchecked")
  static <V> Map<String, V> ordered(Object... kv) {
    Map<String, V> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (V) kv[i + 1]);
    }
    return m;
  }
}
