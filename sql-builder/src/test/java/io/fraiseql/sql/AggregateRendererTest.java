package io.fraiseql.sql;

import static io.fraiseql.sql.Plans.column;
import static io.fraiseql.sql.Plans.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.AggregateDef.Aggregate;
import io.fraiseql.api.plan.AggregateDef.Condition;
import io.fraiseql.api.plan.AggregateDef.Function;
import io.fraiseql.api.plan.AggregateDef.GroupKey;
import io.fraiseql.api.plan.AggregateDef.Key;
import io.fraiseql.api.plan.AggregateDef.Measure;
import io.fraiseql.api.plan.AggregateDef.Term;
import io.fraiseql.api.plan.AggregateDef.TimeBucket;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateRendererTest {
  static final Source BOOKS = new Source("public.v_book", "data", "id", "uuid");
  static final Selection.ObjectSelection SEL = new Selection.ObjectSelection("BookGroup", List.of());
  static final FieldRef PAGES = json(ScalarKind.INT, "pages");
  static final FieldRef GENRE = column("genre", "text", ScalarKind.STRING);
  static final FieldRef PUBLISHED_ON = json(ScalarKind.DATE, "published_on");
  static final FieldRef ADDED_AT = column("added_at", "timestamp with time zone", ScalarKind.DATE_TIME);

  final SqlRenderer jdbc = new SqlRenderer(BindStyle.QUESTION_MARK);
  final SqlRenderer wire = new SqlRenderer(BindStyle.DOLLAR_NUMBERED);

  static AggregateDef aggregate(List<Measure> measures, Where where) {
    return new AggregateDef("booksAggregate", BOOKS, SEL, where, List.of(), false, measures, List.of(), List.of(),
        null, null, true, false);
  }

  static Measure measure(Function f, FieldRef field) {
    return new Measure(field.jsonPath().get(0), new Aggregate(f, field));
  }

  @Test
  void anAggregateIsOneRowOfTheSelectedAggregatesOnly() {
    AggregateDef a = aggregate(List.of(new Measure("count", Aggregate.count()), measure(Function.SUM, PAGES),
        measure(Function.AVG, PAGES), measure(Function.MAX, ADDED_AT)), new Where.Compare(GENRE, Where.Op.EQ, "poetry"));
    SqlStatement st = wire.aggregate(a);
    assertThat(st.sql()).isEqualTo("SELECT jsonb_build_object('count', count(*), 'sum', jsonb_build_object('pages',"
        + " sum((t.\"data\"->>'pages')::integer)), 'avg', jsonb_build_object('pages',"
        + " CAST(avg((t.\"data\"->>'pages')::integer) AS double precision)), 'max', jsonb_build_object('added_at',"
        + " max(t.\"added_at\"))) FROM \"public\".\"v_book\" t WHERE t.\"genre\" = CAST($1 AS text)");
    assertThat(st.params()).containsExactly("poetry");
    assertThat(st.maxRows()).isEqualTo(1);
    assertThat(jdbc.aggregate(aggregate(List.of(), null)).sql())
        .isEqualTo("SELECT jsonb_build_object() FROM \"public\".\"v_book\" t");
  }

  @Test
  void groupsRenderKeysHavingOrderTieBreakersAndPaging() {
    List<GroupKey> keys = List.of(new GroupKey("genre", GENRE, null),
        new GroupKey("published_on", PUBLISHED_ON, TimeBucket.YEAR), new GroupKey("added_at", ADDED_AT, TimeBucket.WEEK));
    AggregateDef g = new AggregateDef("bookGroups", BOOKS, SEL, null, keys, true,
        List.of(measure(Function.MIN, PUBLISHED_ON)),
        List.of(new Condition(Aggregate.count(), Where.Op.GTE, 2),
            new Condition(new Aggregate(Function.SUM, PAGES), Where.Op.NEQ, new BigDecimal("10")),
            new Condition(new Aggregate(Function.MIN, PUBLISHED_ON), Where.Op.LT, LocalDate.of(2020, 1, 1))),
        List.of(new Term(Aggregate.count(), Direction.DESC), new Term(new Key(1), Direction.DESC_NULLS_LAST)),
        10, 20, true, true);
    SqlStatement st = wire.aggregate(g);
    String year = "CAST(date_trunc('year', CAST((t.\"data\"->>'published_on')::date AS timestamp)) AS date)";
    String week = "date_trunc('week', t.\"added_at\", 'UTC')";
    assertThat(st.sql()).isEqualTo("SELECT jsonb_build_object('min', jsonb_build_object('published_on',"
        + " min((t.\"data\"->>'published_on')::date)), 'key', jsonb_build_object('genre', t.\"genre\","
        + " 'published_on', " + year + ", 'added_at', " + week + ")) FROM \"public\".\"v_book\" t"
        + " GROUP BY t.\"genre\", " + year + ", " + week
        + " HAVING count(*) >= CAST($1 AS integer) AND sum((t.\"data\"->>'pages')::integer) <> CAST($2 AS numeric)"
        + " AND min((t.\"data\"->>'published_on')::date) < CAST($3 AS date)"
        + " ORDER BY count(*) DESC, " + year + " DESC NULLS LAST, t.\"genre\" ASC NULLS LAST, " + week + " ASC NULLS LAST"
        + " LIMIT CAST($4 AS integer) OFFSET CAST($5 AS integer)");
    assertThat(st.params()).containsExactly(2, new BigDecimal("10"), LocalDate.of(2020, 1, 1), 10, 20);
    assertThat(st.maxRows()).isEqualTo(10);
  }

  @ParameterizedTest
  @CsvSource({"gt, ' > '", "lte, ' <= '", "eq, ' = '", "lt, ' < '"})
  void havingOperators(String op, String sql) {
    AggregateDef g = new AggregateDef("g", BOOKS, SEL, null, List.of(new GroupKey("genre", GENRE, null)), false,
        List.of(), List.of(new Condition(Aggregate.count(), Where.Op.valueOf(op.toUpperCase()), 1)), List.of(),
        null, null, true, true);
    SqlStatement st = jdbc.aggregate(g);
    assertThat(st.sql()).contains("HAVING count(*)" + sql + "CAST(? AS integer) ORDER BY t.\"genre\" ASC NULLS LAST")
        .doesNotContain("LIMIT");
    assertThat(st.maxRows()).isEqualTo(SqlStatement.UNBOUNDED);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // kind        | column type                  | value expression
      "FLOAT         | numeric                      | CAST(t.\"v\" AS double precision)",
      "FLOAT         | double precision             | t.\"v\"",
      "BIG_DECIMAL   | integer                      | CAST(t.\"v\" AS numeric)",
      "BIG_DECIMAL   | numeric(10,2)                | t.\"v\"",
      "DATE_TIME     | timestamp without time zone  | CAST(t.\"v\" AS timestamptz)",
      "DATE_TIME     | timestamp with time zone     | t.\"v\"",
      "INT           | bigint                       | t.\"v\"",
      "ID            | integer                      | t.\"v\""})
  void flatColumnsAreReadWithTheFieldsSqlType(ScalarKind kind, String columnType, String expression) {
    FieldRef v = FieldRef.column("v", columnType, List.of("v"), kind);
    AggregateDef g = new AggregateDef("g", BOOKS, SEL, null, List.of(new GroupKey("v", v, null)), true, List.of(),
        List.of(), List.of(), null, null, true, true);
    assertThat(jdbc.aggregate(g).sql()).isEqualTo("SELECT jsonb_build_object('key', jsonb_build_object('v', "
        + expression + ")) FROM \"public\".\"v_book\" t GROUP BY " + expression + " ORDER BY " + expression
        + " ASC NULLS LAST");
  }

  @Test
  void objectsBeyondFiftyPairsAreConcatenated() {
    List<Measure> measures = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      measures.add(measure(Function.SUM, json(ScalarKind.INT, "n" + i)));
    }
    String sql = jdbc.aggregate(aggregate(measures, null)).sql();
    assertThat(sql).startsWith("SELECT jsonb_build_object('sum', (jsonb_build_object('n0', ")
        .contains("'n49', sum((t.\"data\"->>'n49')::integer)) || jsonb_build_object('n50', ")
        .endsWith("))) FROM \"public\".\"v_book\" t");
  }

  @Test
  void negativePagingIsRefused() {
    AggregateDef g = new AggregateDef("g", BOOKS, SEL, null, List.of(new GroupKey("genre", GENRE, null)), false,
        List.of(), List.of(), List.of(), null, -1, true, true);
    assertThatThrownBy(() -> jdbc.aggregate(g)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset must not be negative");
    assertThatThrownBy(() -> jdbc.aggregate(null)).isInstanceOf(NullPointerException.class);
  }
}
