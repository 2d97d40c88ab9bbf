package io.fraiseql.sql;

import static io.fraiseql.sql.Plans.cmp;
import static io.fraiseql.sql.Plans.column;
import static io.fraiseql.sql.Plans.json;
import static io.fraiseql.sql.Plans.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Source;
import io.fraiseql.api.plan.Where;
import io.fraiseql.sql.internal.JsonText;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ListRendererTest {
  static final Source SRC = new Source("v", "data", "id", "uuid");
  static final SqlRenderer JDBC = new SqlRenderer(BindStyle.QUESTION_MARK);
  static final SqlRenderer WIRE = new SqlRenderer(BindStyle.DOLLAR_NUMBERED);

  static String where(SqlRenderer r, Where w) {
    SqlStatement s = r.select(list(SRC, w));
    String sql = s.sql();
    return sql.substring(sql.indexOf(" WHERE ") + 7, sql.indexOf(" ORDER BY "));
  }

  @Test
  void jsonbArrays() {
    FieldRef tags = json(ScalarKind.STRING, "tags");
    assertThat(where(JDBC, new Where.ListCompare(tags, Where.ListOp.CONTAINS, List.of("a", "b"))))
        .isEqualTo("t.\"data\"->'tags' @> CAST(CAST(? AS text) AS jsonb)");
    assertThat(JDBC.select(list(SRC, new Where.ListCompare(tags, Where.ListOp.CONTAINS, List.of("a", "b")))).params())
        .containsExactly("[\"a\", \"b\"]");
    assertThat(where(WIRE, new Where.ListCompare(tags, Where.ListOp.CONTAINED_BY, List.of("a"))))
        .isEqualTo("t.\"data\"->'tags' <@ CAST(CAST($1 AS text) AS jsonb)");
    assertThat(where(WIRE, new Where.ListCompare(tags, Where.ListOp.OVERLAPS, List.of("a"))))
        .isEqualTo("EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(CAST($1 AS text) AS jsonb)) AS x(v)"
            + " WHERE t.\"data\"->'tags' @> jsonb_build_array(x.v))");
    assertThat(where(WIRE, new Where.ListCompare(tags, Where.ListOp.LEN_GTE, 2)))
        .isEqualTo("jsonb_array_length(CASE WHEN jsonb_typeof(t.\"data\"->'tags') = 'array' THEN t.\"data\"->'tags' END)"
            + " >= CAST($1 AS integer)");
  }

  @Test
  void underNotAJsonNullOrANonArrayIsUnknownNotFalse() {
    FieldRef tags = json(ScalarKind.STRING, "tags");
    FieldRef meta = json(ScalarKind.JSON, "meta");
    String array = "CASE WHEN jsonb_typeof(t.\"data\"->'tags') = 'array' THEN t.\"data\"->'tags' END";
    assertThat(where(WIRE, new Where.Not(new Where.ListCompare(tags, Where.ListOp.CONTAINS, List.of("a")))))
        .isEqualTo("NOT (" + array + " @> CAST(CAST($1 AS text) AS jsonb))");
    assertThat(where(WIRE, new Where.Not(new Where.ListCompare(tags, Where.ListOp.CONTAINED_BY, List.of("a")))))
        .isEqualTo("NOT (" + array + " <@ CAST(CAST($1 AS text) AS jsonb))");
    assertThat(where(WIRE, new Where.Not(new Where.ListCompare(tags, Where.ListOp.OVERLAPS, List.of("a")))))
        .isEqualTo("NOT ((CASE WHEN jsonb_typeof(t.\"data\"->'tags') = 'array' THEN EXISTS (SELECT 1 FROM"
            + " jsonb_array_elements(CAST(CAST($1 AS text) AS jsonb)) AS x(v) WHERE t.\"data\"->'tags' @>"
            + " jsonb_build_array(x.v)) END))");
    assertThat(where(WIRE, new Where.Not(new Where.JsonCompare(meta, Where.JsonOp.HAS_KEY, "k"))))
        .isEqualTo("NOT (NULLIF(t.\"data\"->'meta', 'null'::jsonb) ? CAST($1 AS text))");
    // the same operators outside NOT keep their plain, index-friendly form
    assertThat(where(WIRE, new Where.Or(List.of(new Where.JsonCompare(meta, Where.JsonOp.HAS_KEY, "k"),
        new Where.Not(new Where.JsonCompare(meta, Where.JsonOp.CONTAINS, Map.of("a", 1)))))))
        .isEqualTo("(t.\"data\"->'meta' ? CAST($1 AS text) OR NOT (NULLIF(t.\"data\"->'meta', 'null'::jsonb)"
            + " @> CAST(CAST($2 AS text) AS jsonb)))");
    // a quantifier's condition is back at row level: its subquery drops false and unknown alike
    FieldRef comments = json(ScalarKind.JSON, "comments");
    String inside = where(WIRE, new Where.Not(new Where.Quantified(comments, Where.Quantifier.SOME,
        new Where.JsonCompare(meta, Where.JsonOp.HAS_KEY, "k"))));
    assertThat(inside).contains("WHERE e1.v->'meta' ? CAST($1 AS text)").doesNotContain("NULLIF");
    assertThat(where(WIRE, new Where.Quantified(comments, Where.Quantifier.SOME,
        new Where.Not(new Where.JsonCompare(meta, Where.JsonOp.HAS_KEY, "k")))))
        .contains("NOT (NULLIF(e1.v->'meta', 'null'::jsonb) ? CAST($1 AS text))");
  }

  @Test
  void flatArrayColumns() {
    FieldRef tags = FieldRef.column("tags", "text[]", List.of("tags"), ScalarKind.STRING);
    assertThat(where(WIRE, new Where.ListCompare(tags, Where.ListOp.OVERLAPS, List.of("a"))))
        .isEqualTo("t.\"tags\" && CAST(ARRAY(SELECT jsonb_array_elements_text(CAST(CAST($1 AS text) AS jsonb))) AS text[])");
    assertThat(where(WIRE, new Where.ListCompare(tags, Where.ListOp.CONTAINS, List.of("a"))))
        .startsWith("t.\"tags\" @> CAST(ARRAY(");
    assertThat(where(WIRE, new Where.ListCompare(tags, Where.ListOp.CONTAINED_BY, List.of("a"))))
        .startsWith("t.\"tags\" <@ CAST(ARRAY(");
    for (Where.ListOp op : List.of(Where.ListOp.LEN_EQ, Where.ListOp.LEN_GT, Where.ListOp.LEN_LT, Where.ListOp.LEN_LTE)) {
      assertThat(where(WIRE, new Where.ListCompare(tags, op, 1))).startsWith("cardinality(t.\"tags\") ");
    }
  }

  @Test
  void jsonOperatorsUseIndexableOperatorsAndEscapeQuestionMarksForJdbc() {
    FieldRef meta = json(ScalarKind.JSON, "meta");
    assertThat(where(JDBC, new Where.JsonCompare(meta, Where.JsonOp.HAS_KEY, "k")))
        .isEqualTo("t.\"data\"->'meta' ?? CAST(? AS text)");
    assertThat(where(WIRE, new Where.JsonCompare(meta, Where.JsonOp.HAS_KEY, "k")))
        .isEqualTo("t.\"data\"->'meta' ? CAST($1 AS text)");
    assertThat(where(WIRE, new Where.JsonCompare(meta, Where.JsonOp.HAS_ANY_KEYS, List.of("a"))))
        .isEqualTo("t.\"data\"->'meta' ?| CAST(ARRAY(SELECT jsonb_array_elements_text(CAST(CAST($1 AS text) AS jsonb))) AS text[])");
    assertThat(where(JDBC, new Where.JsonCompare(meta, Where.JsonOp.HAS_ALL_KEYS, List.of("a"))))
        .startsWith("t.\"data\"->'meta' ??& CAST(ARRAY(");
    assertThat(where(WIRE, new Where.JsonCompare(meta, Where.JsonOp.EQ, Map.of("a", 1))))
        .isEqualTo("t.\"data\"->'meta' = CAST(CAST($1 AS text) AS jsonb)");
    assertThat(where(WIRE, new Where.JsonCompare(meta, Where.JsonOp.CONTAINS, Map.of("a", 1)))).contains(" @> ");
    assertThat(where(WIRE, new Where.JsonCompare(meta, Where.JsonOp.CONTAINED_BY, Map.of("a", 1)))).contains(" <@ ");
    FieldRef col = FieldRef.column("meta", "jsonb", List.of("meta"), ScalarKind.JSON);
    assertThat(where(WIRE, new Where.JsonCompare(col, Where.JsonOp.CONTAINS, List.of()))).startsWith("t.\"meta\" @> ");
  }

  @Test
  void quantifiersScopeTheConditionToTheElement() {
    FieldRef posts = json(ScalarKind.JSON, "posts");
    Where inner = cmp(json(ScalarKind.STRING, "title"), Where.Op.EQ, "x");
    String array = "jsonb_array_elements(CASE WHEN jsonb_typeof(t.\"data\"->'posts') = 'array' THEN t.\"data\"->'posts' END)";
    assertThat(where(WIRE, new Where.Quantified(posts, Where.Quantifier.SOME, inner)))
        .isEqualTo("EXISTS (SELECT 1 FROM " + array + " AS e1(v) WHERE e1.v->>'title' = CAST($1 AS text))");
    assertThat(where(WIRE, new Where.Quantified(posts, Where.Quantifier.NONE, inner)))
        .isEqualTo("NOT EXISTS (SELECT 1 FROM " + array + " AS e1(v) WHERE e1.v->>'title' = CAST($1 AS text))");
    assertThat(where(WIRE, new Where.Quantified(posts, Where.Quantifier.EVERY, inner)))
        .isEqualTo("NOT EXISTS (SELECT 1 FROM " + array + " AS e1(v) WHERE (e1.v->>'title' = CAST($1 AS text)) IS NOT TRUE)");
    Where nested = new Where.Quantified(posts, Where.Quantifier.SOME,
        new Where.Quantified(json(ScalarKind.JSON, "comments"), Where.Quantifier.SOME, inner));
    assertThat(where(WIRE, nested)).contains("AS e1(v) WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN"
        + " jsonb_typeof(e1.v->'comments') = 'array' THEN e1.v->'comments' END) AS e2(v) WHERE e2.v->>'title'");
    Where flatInside = new Where.Quantified(posts, Where.Quantifier.SOME,
        cmp(column("x", "text", ScalarKind.STRING), Where.Op.EQ, "y"));
    assertThatThrownBy(() -> WIRE.select(list(SRC, flatInside))).hasMessageContaining("inside a list element");
  }

  @Test
  void jsonTextMatchesPostgresRendering() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "q\"\\\n\r\t\b\f\u0001é");
    m.put("n", null);
    m.put("b", true);
    m.put("l", List.of(1, 2L, 1.5, new BigDecimal("1E+3"), 7.0f));
    m.put("u", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    m.put("d", LocalDate.of(2026, 1, 2));
    m.put("t", List.of(OffsetDateTime.parse("2026-01-02T03:04:05+02:00"), OffsetDateTime.parse("2026-01-02T03:04:05.120Z")));
    assertThat(JsonText.of(m)).isEqualTo("{\"s\": \"q\\\"\\\\\\n\\r\\t\\b\\f\\u0001é\", \"n\": null, \"b\": true,"
        + " \"l\": [1, 2, 1.5, 1000, 7.0], \"u\": \"123e4567-e89b-12d3-a456-426614174000\", \"d\": \"2026-01-02\","
        + " \"t\": [\"2026-01-02T01:04:05+00:00\", \"2026-01-02T03:04:05.12+00:00\"]}");
    assertThatThrownBy(() -> JsonText.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonText.of(new Object())).hasMessageContaining("no JSON form");
  }

  @Test
  void listValueShapesAreChecked() {
    FieldRef tags = json(ScalarKind.STRING, "tags");
    assertThatThrownBy(() -> new Where.ListCompare(tags, Where.ListOp.LEN_EQ, List.of())).hasMessageContaining("Integer");
    assertThatThrownBy(() -> new Where.ListCompare(tags, Where.ListOp.CONTAINS, 1)).hasMessageContaining("list");
  }
}
