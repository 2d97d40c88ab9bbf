package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.Limits;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Where;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final String SDL = """
      enum Role { ADMIN MEMBER }
      type User @sqlSource(name: "v_user") {
        id: ID!
        email: String!
        fullName: String
        role: Role
        score: BigDecimal
        createdAt: DateTime
        author: User
        posts: [Post!]!
      }
      type Post { id: ID! title: String }
      type Query { users: [User!]! user(id: ID!): User }
      """;
  static final Catalog CATALOG = Catalog.of(Map.of("v_user",
      Map.of("id", "uuid", "data", "jsonb", "email", "text", "created_at", "timestamp with time zone", "role", "integer")));

  final Planner planner = new Planner(FraiseSchema.load(SDL, CATALOG));

  private QueryDef single(String query) {
    return single(query, Map.of());
  }

  private QueryDef single(String query, Map<String, Object> vars) {
    PlanResult r = planner.plan(query, null, vars);
    assertThat(r).isInstanceOf(PlanResult.Operation.class);
    return ((RootPlan.Data) Resolved.fields(r).get(0)).query();
  }

  @Test
  void selectionTreeKeepsOrderAliasesAndTypename() {
    QueryDef q = single("{ list: users { __typename e: email email author { fullName } posts { title } } }");
    assertThat(q.responseKey()).isEqualTo("list");
    assertThat(q.shape()).isEqualTo(QueryDef.Shape.LIST);
    assertThat(q.nonNull()).isTrue();
    assertThat(q.itemsNonNull()).isTrue();
    assertThat(q.source().idSqlType()).isEqualTo("uuid");
    List<Selection> f = q.selection().fields();
    assertThat(f.get(0)).isEqualTo(new Selection.Typename("__typename", "User"));
    assertThat(f.get(1)).isEqualTo(new Selection.Scalar("e", "email", ScalarKind.STRING, true));
    assertThat(f.get(2)).isEqualTo(new Selection.Scalar("email", "email", ScalarKind.STRING, true));
    Selection.Composite author = (Selection.Composite) f.get(3);
    assertThat(author.jsonKey()).isEqualTo("author");
    assertThat(author.list()).isFalse();
    assertThat(author.selection().fields()).containsExactly(
        new Selection.Scalar("fullName", "full_name", ScalarKind.STRING, false));
    Selection.Composite posts = (Selection.Composite) f.get(4);
    assertThat(posts.list()).isTrue();
    assertThat(posts.itemsNonNull()).isTrue();
    assertThat(posts.selection().typeName()).isEqualTo("Post");
  }

  @Test
  void whereUsesFlatColumnsWhenCompatibleAndJsonPathsOtherwise() {
    QueryDef q = single("{ users(where: {email: {eq: \"a\"}, fullName: {isnull: true}, role: {eq: ADMIN},"
        + " createdAt: {gt: \"2026-01-02T00:00:00Z\"}, author: {email: {neq: \"b\"}}, score: {gt: 10}}) { id } }");
    Where.And and = (Where.And) q.where();
    assertThat(and.children()).containsExactly(
        new Where.Compare(FieldRef.column("email", "text", List.of("email"), ScalarKind.STRING), Where.Op.EQ, "a"),
        new Where.IsNull(FieldRef.json(List.of("full_name"), ScalarKind.STRING), true),
        // role's flat column is an integer: not compatible with an enum, so the JSONB path is used
        new Where.Compare(FieldRef.json(List.of("role"), ScalarKind.ENUM), Where.Op.EQ, "ADMIN"),
        // entries come in the input type's field order (graphql-java coerces into it)
        new Where.Compare(FieldRef.json(List.of("score"), ScalarKind.BIG_DECIMAL), Where.Op.GT, new BigDecimal("10")),
        new Where.Compare(FieldRef.column("created_at", "timestamp with time zone", List.of("created_at"),
            ScalarKind.DATE_TIME), Where.Op.GT, OffsetDateTime.parse("2026-01-02T00:00:00Z")),
        new Where.Compare(FieldRef.json(List.of("author", "email"), ScalarKind.STRING), Where.Op.NEQ, "b"));
  }

  @Test
  void logicalOperatorsAndIdConversion() {
    String id = "123e4567-e89b-12d3-a456-426614174000";
    QueryDef q = single("{ users(where: {OR: [{id: {in: [\"" + id + "\"]}}, {NOT: {email: {startswith: \"x\"}}}], AND: []}) { id } }");
    FieldRef idRef = FieldRef.column("id", "uuid", List.of("id"), ScalarKind.ID);
    assertThat(q.where()).isEqualTo(new Where.And(List.of(
        new Where.And(List.of()),
        new Where.Or(List.of(
            new Where.Compare(idRef, Where.Op.IN, List.of(UUID.fromString(id))),
            new Where.Not(new Where.Compare(FieldRef.column("email", "text", List.of("email"), ScalarKind.STRING),
                Where.Op.STARTSWITH, "x")))))));
    QueryDef byId = single("query($id: ID!) { user(id: $id) { id } }", Map.of("id", id));
    assertThat(byId.shape()).isEqualTo(QueryDef.Shape.BY_ID);
    assertThat(byId.idValue()).isEqualTo(UUID.fromString(id));
    assertThat(byId.nonNull()).isFalse();
  }

  @Test
  void orderByLimitOffset() {
    QueryDef q = single("{ users(orderBy: [{createdAt: DESC}, {author: {fullName: ASC_NULLS_FIRST}}], limit: 5, offset: 10) { id } }");
    assertThat(q.orderBy()).containsExactly(
        new OrderKey(FieldRef.column("created_at", "timestamp with time zone", List.of("created_at"), ScalarKind.DATE_TIME),
            OrderKey.Direction.DESC),
        new OrderKey(FieldRef.json(List.of("author", "full_name"), ScalarKind.STRING), OrderKey.Direction.ASC_NULLS_FIRST));
    assertThat(q.limit()).isEqualTo(5);
    assertThat(q.offset()).isEqualTo(10);
    // a single object is coerced to a list of one
    assertThat(single("{ users(orderBy: {email: ASC}) { id } }").orderBy()).hasSize(1);
  }

  @Test
  void aPlanWithoutVariablesIsBuiltOncePerOperation() {
    String doc = "query A { users(limit: 2) { id } } query B { users(limit: 3) { email } }";
    PlanResult a = planner.plan(doc, "A", null);
    assertThat(planner.plan(doc, "A", Map.of())).isSameAs(a);
    PlanResult b = planner.plan(doc, "B", null);
    assertThat(b).isNotSameAs(a);
    assertThat(((RootPlan.Data) ((PlanResult.Operation) b).fields().get(0)).query().limit()).isEqualTo(3);
    assertThat(planner.plan(doc, "B", null)).isSameAs(b);
    // an unknown operation name is rejected each time, and nothing is kept for it
    assertThat(planner.plan(doc, "C", null)).isInstanceOf(PlanResult.Rejected.class);
    // with variables the plan is built for each request: they change it
    String withVars = "query($n: Int) { users(limit: $n) { id } }";
    PlanResult two = planner.plan(withVars, null, Map.of("n", 2));
    PlanResult five = planner.plan(withVars, null, Map.of("n", 5));
    assertThat(((RootPlan.Data) ((PlanResult.Operation) two).fields().get(0)).query().limit()).isEqualTo(2);
    assertThat(((RootPlan.Data) ((PlanResult.Operation) five).fields().get(0)).query().limit()).isEqualTo(5);
    assertThat(planner.plan(withVars, null, Map.of("n", 2))).isNotSameAs(two);
    PlanResult none = planner.plan(withVars, null, null);
    assertThat(((RootPlan.Data) ((PlanResult.Operation) none).fields().get(0)).query().limit()).isNull();
    assertThat(planner.plan(withVars, null, null)).isSameAs(none);
  }

  @Test
  void variablesUsedOnlyInRootArgumentsKeepTheNormalizedShape() {
    java.util.function.Function<String, Boolean> reusable = q -> {
      graphql.language.Document d = graphql.parser.Parser.parse(q);
      return Planner.variablesOnlyInRootArguments(d, d.getDefinitionsOfType(graphql.language.OperationDefinition.class).get(0));
    };
    assertThat(reusable.apply("query($n: Int, $w: UserWhereInput) { users(limit: $n, where: $w) { id ...F } } fragment F on User { email }")).isTrue();
    assertThat(reusable.apply("query($s: Boolean!) { users { id email @skip(if: $s) } }")).isFalse();
    assertThat(reusable.apply("query($s: Boolean!) { users @include(if: $s) { id } }")).isFalse();
    assertThat(reusable.apply("query($s: Boolean!) { users { ...F } } fragment F on User { email @include(if: $s) }")).isFalse();
    assertThat(reusable.apply("query($id: ID!) { ...Q } fragment Q on Query { user(id: $id) { id } }")).isFalse();
    assertThat(reusable.apply("query($s: Boolean!) @skip(if: $s) { users { id } }")).isFalse();
    assertThat(reusable.apply("query { ...Q } fragment Q on Query { users { id } }")).isTrue();

    // the kept shape with fresh arguments gives the same plans as normalizing each time (and as
    // a plan template): a planner that keeps no templates plans each request on its own
    Planner planner = new Planner(FraiseSchema.load(SDL, CATALOG),
        PlannerOptions.DEFAULTS.withTemplateCache(0, 0), new io.fraiseql.api.plan.CursorCodec(new byte[16]));
    String byArgs = "query($id: ID!, $n: Int) { user(id: $id) { id email } users(limit: $n) { fullName } }";
    String a = "123e4567-e89b-12d3-a456-426614174000";
    String b = "123e4567-e89b-12d3-a456-426614174001";
    PlanResult first = planner.plan(byArgs, null, Map.of("id", a, "n", 1));
    PlanResult second = planner.plan(byArgs, null, Map.of("id", b, "n", 7));
    PlanResult fresh = new Planner(FraiseSchema.load(SDL, CATALOG)).plan(byArgs, null, Map.of("id", b, "n", 7));
    assertThat(((PlanResult.Operation) second).parameters()).isNull();
    assertThat(((PlanResult.Operation) fresh).parameters()).isNotNull();
    assertThat(((PlanResult.Operation) second).fields()).isEqualTo(Resolved.fields(fresh))
        .isNotEqualTo(((PlanResult.Operation) first).fields());
    assertThat(((PlanResult.Operation) second).variables()).isEqualTo(Map.of("id", b, "n", 7));
    assertThat(((RootPlan.Data) ((PlanResult.Operation) second).fields().get(0)).query().idValue())
        .isEqualTo(java.util.UUID.fromString(b));
    // bad variables after the shape was kept: the same rejection as the first time
    PlanResult bad = planner.plan(byArgs, null, Map.of("id", b, "n", "seven"));
    PlanResult badFresh = new Planner(FraiseSchema.load(SDL, CATALOG)).plan(byArgs, null, Map.of("id", b, "n", "seven"));
    assertThat(bad).isInstanceOf(PlanResult.Rejected.class).isEqualTo(badFresh);
    java.util.Map<String, Object> noId = new java.util.HashMap<>();
    noId.put("id", null);
    assertThat(planner.plan(byArgs, null, noId)).isInstanceOf(PlanResult.Rejected.class);
    // a variable in @skip: normalized for each request, so each request gets its own fields
    String skip = "query($s: Boolean!) { users { id email @skip(if: $s) } }";
    assertThat(((RootPlan.Data) ((PlanResult.Operation) planner.plan(skip, null, Map.of("s", true))).fields().get(0))
        .query().selection().fields()).hasSize(1);
    assertThat(((RootPlan.Data) ((PlanResult.Operation) planner.plan(skip, null, Map.of("s", false))).fields().get(0))
        .query().selection().fields()).hasSize(2);
  }

  @Test
  void badArgumentValuesFailTheFieldOnly() {
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(
        "{ a: users(offset: -2) { id } b: users(orderBy: {}) { id } c: user(id: \"x\") { id } d: users { id } }", null, null);
    assertThat(op.fields()).hasSize(4);
    assertThat(((RootPlan.Failed) op.fields().get(0)).error().message()).contains("offset must not be negative");
    assertThat(((RootPlan.Failed) op.fields().get(1)).error().message()).contains("names no field");
    RootPlan.Failed c = (RootPlan.Failed) op.fields().get(2);
    assertThat(c.error().code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(c.error().path()).containsExactly("c");
    assertThat(c.error().locations()).isNotEmpty();
    assertThat(op.fields().get(3)).isInstanceOf(RootPlan.Data.class);
  }

  @Test
  void rejectedRequests() {
    assertCode(planner.plan("{", null, null), ErrorCode.GRAPHQL_PARSE_FAILED);
    assertCode(planner.plan("{ nope }", null, null), ErrorCode.GRAPHQL_VALIDATION_FAILED);
    assertCode(planner.plan("", null, null), ErrorCode.BAD_USER_INPUT);
    assertCode(planner.plan("query A { users { id } }", "B", null), ErrorCode.GRAPHQL_VALIDATION_FAILED);
    assertCode(planner.plan("query($l: Int) { users(limit: $l) { id } }", null, Map.of("l", "x")), ErrorCode.BAD_USER_INPUT);
    assertCode(planner.plan("{ users(where: {createdAt: {eq: \"yesterday\"}}) { id } }", null, null),
        ErrorCode.GRAPHQL_VALIDATION_FAILED);
    assertCode(planner.plan("query($t: DateTime) { users(where: {createdAt: {eq: $t}}) { id } }", null,
        Map.of("t", "yesterday")), ErrorCode.BAD_USER_INPUT);
    Planner tight = new Planner(planner.schema(), new Limits(1000, 2, 1, 100), 0);
    assertCode(tight.plan("{ users { author { id } } }", null, null), ErrorCode.BAD_USER_INPUT);
    assertCode(tight.plan("{ a: users { id } b: users { id } }", null, null), ErrorCode.BAD_USER_INPUT);
    assertCode(tight.plan("{ users { id } }" + " ".repeat(1000), null, null), ErrorCode.BAD_USER_INPUT);
    assertThat(tight.plan("{ users { id } }", null, null)).isInstanceOf(PlanResult.Operation.class);
  }

  @Test
  void documentsAreCachedByText() {
    PlanResult a = planner.plan("{ users { id } }", null, null);
    PlanResult b = planner.plan("{ users { id } }", null, null);
    assertThat(((PlanResult.Operation) a).document()).isSameAs(((PlanResult.Operation) b).document());
  }

  @Test
  void introspectionRunsOnlyTheIntrospectionFields() {
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(
        "{ users { id } __type(name: \"Role\") { enumValues { name } } t: __typename }", null, null);
    assertThat(op.hasIntrospection()).isTrue();
    assertThat(op.fields().get(2)).isEqualTo(new RootPlan.Typename("t", "Query"));
    Map<String, Object> data = planner.introspect(op);
    assertThat(data).containsOnlyKeys("__type");
    assertThat(data.get("__type").toString()).contains("ADMIN", "MEMBER");
  }

  private static void assertCode(PlanResult r, ErrorCode code) {
    assertThat(r).isInstanceOf(PlanResult.Rejected.class);
    assertThat(((PlanResult.Rejected) r).errors().get(0).code()).isEqualTo(code);
  }
}
