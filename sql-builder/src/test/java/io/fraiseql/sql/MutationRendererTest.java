package io.fraiseql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.MutationDef;
import io.fraiseql.api.plan.MutationDef.ColumnValue;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutationRendererTest {
  static final SqlRenderer WIRE = new SqlRenderer(BindStyle.DOLLAR_NUMBERED);
  static final Source SRC = new Source("v_user", "data", "id", "uuid");
  static final QueryDef REREAD = new QueryDef("u", SRC, QueryDef.Shape.BY_ID,
      new Selection.ObjectSelection("User", List.of()), null, List.of(), null, null, "x", false, false);

  static MutationDef.Dml dml(MutationDef.Kind kind, Map<String, ColumnValue> values, Object id) {
    return new MutationDef.Dml("u", kind, "public.tb_user", "id", "uuid", values, id, REREAD);
  }

  @Test
  void insertCastsEachValueToItsColumnType() {
    Map<String, ColumnValue> v = new LinkedHashMap<>();
    v.put("email", new ColumnValue("a@b", "text"));
    v.put("age", new ColumnValue(3, "integer"));
    v.put("tags", new ColumnValue(List.of("x"), "text[]"));
    v.put("meta", new ColumnValue(Map.of("k", 1), "jsonb"));
    v.put("note", new ColumnValue(null, "character varying(20)"));
    SqlStatement s = WIRE.mutation(dml(MutationDef.Kind.INSERT, v, null));
    assertThat(s.sql()).isEqualTo("INSERT INTO \"public\".\"tb_user\" (\"email\", \"age\", \"tags\", \"meta\", \"note\") VALUES ("
        + "CAST(CAST($1 AS text) AS text), CAST(CAST($2 AS integer) AS integer),"
        + " CAST(ARRAY(SELECT jsonb_array_elements_text(CAST(CAST($3 AS text) AS jsonb))) AS text[]),"
        + " CAST(CAST(CAST($4 AS text) AS jsonb) AS jsonb), CAST(NULL AS character varying(20))) RETURNING to_json(\"id\")");
    assertThat(s.params()).containsExactly("a@b", 3, "[\"x\"]", "{\"k\": 1}");
    assertThat(WIRE.mutation(dml(MutationDef.Kind.INSERT, Map.of(), null)).sql())
        .isEqualTo("INSERT INTO \"public\".\"tb_user\" DEFAULT VALUES RETURNING to_json(\"id\")");
  }

  @Test
  void updateAndDeleteByIdAndTheEmptyUpdate() {
    SqlStatement u = WIRE.mutation(dml(MutationDef.Kind.UPDATE, Map.of("email", new ColumnValue("e", "text")), "i"));
    assertThat(u.sql()).isEqualTo("UPDATE \"public\".\"tb_user\" SET \"email\" = CAST(CAST($1 AS text) AS text)"
        + " WHERE \"id\" = CAST(CAST($2 AS text) AS uuid) RETURNING to_json(\"id\")");
    assertThat(WIRE.mutation(dml(MutationDef.Kind.UPDATE, Map.of(), "i")).sql())
        .isEqualTo("SELECT to_json(\"id\") FROM \"public\".\"tb_user\" WHERE \"id\" = CAST(CAST($1 AS text) AS uuid) FOR UPDATE");
    assertThat(WIRE.mutation(dml(MutationDef.Kind.DELETE, Map.of(), "i")).sql())
        .isEqualTo("DELETE FROM \"public\".\"tb_user\" WHERE \"id\" = CAST(CAST($1 AS text) AS uuid) RETURNING to_json(\"id\")");
    // every write answers one row at most, so a backend may read it without a cursor
    assertThat(u.maxRows()).isEqualTo(1);
    assertThat(WIRE.mutation(dml(MutationDef.Kind.INSERT, Map.of(), null)).maxRows()).isEqualTo(1);
    Selection.ObjectSelection sel = new Selection.ObjectSelection("R", List.of());
    assertThat(WIRE.function(new MutationDef.FunctionCall("f", null, "fn", Map.of(), sel, sel, null, List.of(), false))
        .maxRows()).isEqualTo(1);
  }

  @Test
  void functionCallPassesTheInputAsJsonb() {
    Selection.ObjectSelection sel = new Selection.ObjectSelection("R", List.of());
    SqlStatement f = new SqlRenderer(BindStyle.QUESTION_MARK).function(new MutationDef.FunctionCall(
        "f", "app", "fn_do", Map.of("a_b", "c"), sel, sel, null, List.of(), false));
    assertThat(f.sql()).isEqualTo("SELECT to_json(r) FROM \"app\".\"fn_do\"(CAST(CAST(? AS text) AS jsonb)) AS r");
    assertThat(f.params()).containsExactly("{\"a_b\": \"c\"}");
    assertThat(WIRE.function(new MutationDef.FunctionCall("f", null, "fn", Map.of(), sel, sel, null, List.of(), false)).sql())
        .isEqualTo("SELECT to_json(r) FROM \"fn\"(CAST(CAST($1 AS text) AS jsonb)) AS r");
  }
}
