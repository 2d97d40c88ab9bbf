package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Where;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scalar coercion and the planning of list, JSON and quantifier filters and connections. */
class ScalarsAndArgumentsTest {
  static final String SDL = """
      type Item @sqlSource(name: "v_item") {
        id: ID!
        price: BigDecimal
        meta: JSON
        tags: [String!]
        codes: [Int!]
        parts: [Part!]
      }
      type Part { name: String qty: Int }
      type Query { items: [Item!]! itemsConnection: ItemConnection }
      """;
  static final Catalog CATALOG = Catalog.of(Map.of("v_item",
      Map.of("id", "text", "data", "jsonb", "tags", "text[]", "meta", "jsonb", "codes", "bigint")));
  final Planner planner = new Planner(FraiseSchema.load(SDL, CATALOG));

  Where where(String w, Map<String, Object> vars) {
    List<String> decls = new java.util.ArrayList<>();
    if (w.contains("$v")) {
      decls.add("$v: JSON");
    }
    if (w.contains("$p")) {
      decls.add(w.contains("meta") ? "$p: JSON" : "$p: BigDecimal");
    }
    String header = decls.isEmpty() ? "query" : "query(" + String.join(", ", decls) + ")";
    PlanResult r = planner.plan(header + " { items(where: " + w + ") { id } }", null, vars);
    assertThat(r).as(r.toString()).isInstanceOf(PlanResult.Operation.class);
    RootPlan f = Resolved.fields(r).get(0);
    assertThat(f).as(f.toString()).isInstanceOf(RootPlan.Data.class);
    return ((RootPlan.Data) f).query().where();
  }

  @Test
  void bigDecimalsFromLiteralsAndVariables() {
    FieldRef price = FieldRef.json(List.of("price"), ScalarKind.BIG_DECIMAL);
    assertThat(where("{price: {gt: 1.50}}", Map.of())).isEqualTo(new Where.Compare(price, Where.Op.GT, new BigDecimal("1.50")));
    assertThat(where("{price: {gt: 2}}", Map.of())).isEqualTo(new Where.Compare(price, Where.Op.GT, new BigDecimal("2")));
    assertThat(where("{price: {gt: \"3.25\"}}", Map.of())).isEqualTo(new Where.Compare(price, Where.Op.GT, new BigDecimal("3.25")));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("p", "12345678901234567890.5");
    assertThat(where("{price: {lt: $p}}", vars)).isEqualTo(new Where.Compare(price, Where.Op.LT, new BigDecimal("12345678901234567890.5")));
    vars.put("p", 7);
    assertThat(where("{price: {lt: $p}}", vars)).isEqualTo(new Where.Compare(price, Where.Op.LT, new BigDecimal("7")));
    vars.put("p", "x");
    assertThat(planner.plan("query($p: BigDecimal) { items(where: {price: {lt: $p}}) { id } }", null, vars))
        .isInstanceOf(PlanResult.Rejected.class);
    assertThat(planner.plan("{ items(where: {price: {lt: true}}) { id } }", null, null)).isInstanceOf(PlanResult.Rejected.class);
  }

  @Test
  void jsonLiteralsAndVariablesKeepTheirShape() {
    FieldRef meta = FieldRef.column("meta", "jsonb", List.of("meta"), ScalarKind.JSON);
    Where w = where("{meta: {contains: {a: [1, 2.5, \"s\", true, null, ENUMLIKE], b: {c: $p}}}}",
        Map.of("p", "9"));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("c", "9");
    List<Object> a = new java.util.ArrayList<>(List.of(new java.math.BigInteger("1"), new BigDecimal("2.5"), "s", true));
    a.add(null);
    a.add("ENUMLIKE");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", a);
    expected.put("b", b);
    assertThat(w).isEqualTo(new Where.JsonCompare(meta, Where.JsonOp.CONTAINS, expected));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("v", Map.of("k", List.of(1, 2)));
    assertThat(where("{meta: {eq: $v}}", vars)).isEqualTo(new Where.JsonCompare(meta, Where.JsonOp.EQ, Map.of("k", List.of(1, 2))));
    assertThat(where("{meta: {hasAllKeys: [\"a\"], isnull: false}}", Map.of())).isEqualTo(new Where.And(List.of(
        new Where.JsonCompare(meta, Where.JsonOp.HAS_ALL_KEYS, List.of("a")), new Where.IsNull(meta, false))));
  }

  @Test
  void listFiltersUseCompatibleArrayColumns() {
    FieldRef tags = FieldRef.column("tags", "text[]", List.of("tags"), ScalarKind.STRING);
    FieldRef codes = FieldRef.json(List.of("codes"), ScalarKind.INT); // a bigint column, not an array
    assertThat(where("{tags: {overlaps: [\"a\"], lenGte: 1, containedBy: [\"a\", \"b\"]}}", Map.of())).isEqualTo(new Where.And(List.of(
        new Where.ListCompare(tags, Where.ListOp.CONTAINED_BY, List.of("a", "b")),
        new Where.ListCompare(tags, Where.ListOp.OVERLAPS, List.of("a")),
        new Where.ListCompare(tags, Where.ListOp.LEN_GTE, 1))));
    assertThat(where("{codes: {contains: [1], lenEq: 0, lenLt: 3, lenLte: 4, lenGt: 0}}", Map.of()).toString())
        .contains("LEN_EQ", "LEN_LT", "LEN_LTE", "LEN_GT", codes.toString());
    PlanResult.Operation op = (PlanResult.Operation) planner.plan("{ items(where: {tags: {lenEq: -1}}) { id } }", null, null);
    assertThat(((RootPlan.Failed) op.fields().get(0)).error().code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
  }

  @Test
  void quantifiersScopeConditionsToTheElement() {
    Where w = where("{parts: {some: {name: {eq: \"x\"}}, none: {qty: {gt: 3}}, every: {qty: {isnull: false}}}}", Map.of());
    FieldRef parts = FieldRef.json(List.of("parts"), ScalarKind.JSON);
    assertThat(w).isEqualTo(new Where.And(List.of(
        new Where.Quantified(parts, Where.Quantifier.SOME,
            new Where.Compare(FieldRef.json(List.of("name"), ScalarKind.STRING), Where.Op.EQ, "x")),
        new Where.Quantified(parts, Where.Quantifier.EVERY,
            new Where.IsNull(FieldRef.json(List.of("qty"), ScalarKind.INT), false)),
        new Where.Quantified(parts, Where.Quantifier.NONE,
            new Where.Compare(FieldRef.json(List.of("qty"), ScalarKind.INT), Where.Op.GT, 3)))));
  }

  @Test
  void connectionsPlanAPageAndACountOnlyWhenSelected() {
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(
        "{ itemsConnection(first: 3, where: {price: {gt: 1}}) { totalCount edges { cursor node { id } } pageInfo { endCursor } } }",
        null, null);
    RootPlan.Connection c = (RootPlan.Connection) op.fields().get(0);
    assertThat(c.pageSize()).isEqualTo(3);
    assertThat(c.page().limit()).isEqualTo(4);
    assertThat(c.page().shape()).isEqualTo(QueryDef.Shape.LIST);
    assertThat(c.count()).isNotNull();
    assertThat(c.count().where()).isEqualTo(c.page().where());
    assertThat(c.backward()).isFalse();
    assertThat(c.selection().typeName()).isEqualTo("ItemConnection");
    RootPlan.Connection noCount = (RootPlan.Connection) ((PlanResult.Operation) planner.plan(
        "{ itemsConnection(last: 2) { edges { node { id } } } }", null, null)).fields().get(0);
    assertThat(noCount.count()).isNull();
    assertThat(noCount.backward()).isTrue();
    assertThat(noCount.page().orderBy()).hasSize(1);
    RootPlan.Connection all = (RootPlan.Connection) ((PlanResult.Operation) planner.plan(
        "{ itemsConnection { __typename } }", null, null)).fields().get(0);
    assertThat(all.pageSize()).isEqualTo(1000);
  }
}
