package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests with variables in every argument position, served from plan templates on every
 * backend, each asked twice: the bytes must equal those of the same request planned on its own
 * (an engine that keeps no templates), and, when the answer has data, those of its literal form
 * (the variables written into the document).
 */
class VariablesTemplateTest {
  static final String U1 = "00000000-0000-0000-0000-000000000001";
  static final String U2 = "00000000-0000-0000-0000-000000000002";
  static final String U3 = "00000000-0000-0000-0000-000000000003";
  static final Map<String, FraiseQL> ENGINES = new LinkedHashMap<>();
  static FraiseQL plain;

  @BeforeAll
  static void start() {
    DatabaseUrl url = BlogFixture.createDatabase("templates");
    for (String id : ParityTest.BACKENDS) {
      ENGINES.put(id, builder(url).backend(id).build());
    }
    plain = builder(url).backend("jdbc").templateCacheSize(0).build();
  }

  static FraiseQL.Builder builder(DatabaseUrl url) {
    return FraiseQL.builder().schema(BlogFixture.resource("schema.graphql")).databaseUrl(url).poolSize(2)
        .statementTimeout(Duration.ofSeconds(5))
        .cursorSecret(ParityTest.SECRET) // one secret for every engine, so cursors are byte-identical
        .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id"));
  }

  @AfterAll
  static void stop() {
    ENGINES.values().forEach(FraiseQL::close);
    ENGINES.clear();
    plain.close();
  }

  /** A document and the variables of several requests (most of them sharing a shape). */
  record Case(String name, String query, List<Map<String, Object>> variables) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Map<String, Object> vars(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<Object> list(Object... items) {
    return new ArrayList<>(java.util.Arrays.asList(items));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("id of a read by id", "query Q($id: ID!) { user(id: $id) { id email fullName } }", List.of(
            vars("id", U1), vars("id", U2), vars("id", "00000000-0000-0000-0000-000000000099"), vars("id", "nope"),
            vars("id", 42), vars("id", U3))),
        new Case("text id and a numeric id", "query($id: ID!) { item(id: $id) { id name } }", List.of(
            vars("id", "i2"), vars("id", "i3"), vars("id", 7))),
        new Case("where as one input object", "query($w: UserWhereInput) { users(where: $w) { id age } }", List.of(
            vars("w", vars("age", vars("gte", 30))), vars("w", vars("age", vars("gte", 40))),
            vars("w", vars("age", vars("gte", null))), vars(), vars("w", null), vars("w", vars()),
            vars("w", vars("OR", list(vars("age", vars("in", list(9, 100))), vars("role", vars("eq", "ADMIN"))))),
            vars("w", vars("OR", list(vars("age", vars("in", list(30))), vars("role", vars("eq", "GUEST"))))),
            vars("w", vars("role", vars("eq", "MEMBER"), "age", vars("lt", 50))),
            vars("w", vars("age", vars("lt", 50), "role", vars("eq", "MEMBER"))),
            vars("w", vars("email", vars("contains", "%_"))), vars("w", vars("email", vars("contains", "@"))),
            vars("w", vars("fullName", vars("icontains", "LEE"), "email", vars("startswith", "a"))),
            vars("w", vars("fullName", vars("like", "%e%", "matches", "^[A-Z]"))),
            vars("w", vars("NOT", vars("active", vars("eq", true)))),
            vars("w", vars("NOT", vars("active", vars("eq", false)))),
            vars("w", vars("fullName", vars("isnull", true))), vars("w", vars("fullName", vars("isnull", false))),
            vars("w", vars("tags", vars("contains", list("a")))), vars("w", vars("tags", vars("overlaps", list("c", "b")))),
            vars("w", vars("posts", vars("some", vars("title", vars("startswith", "W"))))),
            vars("w", vars("createdAt", vars("gt", "2026-01-02T10:00:00Z"))),
            vars("w", vars("createdAt", vars("gt", "2026-01-03T12:00:00+02:00"))),
            vars("w", vars("score", vars("lt", 10.5))), vars("w", vars("score", vars("lt", 100))),
            vars("w", vars("id", vars("in", list(U1, U3)))), vars("w", vars("id", vars("in", list(U2, U3)))),
            vars("w", vars("id", vars("eq", "bad"))),
            vars("w", vars("AND", list(vars("age", vars("gt", 1)), vars("age", vars("lt", 99))))))),
        new Case("variables inside a literal filter",
            "query($a: Int, $r: Role, $e: [String!]) { users(where: {age: {gt: $a}, role: {eq: $r}, email: {nin: $e}}) { id } }",
            List.of(vars("a", 10, "r", "MEMBER", "e", list("x")), vars("a", 1, "r", "ADMIN", "e", list("y")),
                vars("a", 10), vars("r", "GUEST", "e", list()), vars("a", 5, "r", "MEMBER", "e", list("cy@example.com", "z")))),
        new Case("orderBy, limit and offset", "query($o: [UserOrderByInput!], $l: Int, $s: Int) { users(orderBy: $o, limit: $l, offset: $s) { id } }",
            List.of(vars("o", list(vars("age", "DESC")), "l", 2, "s", 1), vars("o", list(vars("age", "ASC")), "l", 2, "s", 1),
                vars("o", list(vars("age", "ASC_NULLS_FIRST")), "l", 3), vars("l", -1), vars("s", -2),
                vars("o", list(vars("age", "DESC"), vars("email", "ASC")), "l", 10, "s", 0))),
        new Case("skip and include with fragments",
            "query($s: Boolean!, $i: Boolean!, $min: Int) { users(where: {age: {gte: $min}}) { ...F email @include(if: $i) age @skip(if: $s) } } fragment F on User { id name: fullName }",
            List.of(vars("s", true, "i", false, "min", 1), vars("s", false, "i", true, "min", 30),
                vars("s", true, "i", false, "min", 99))),
        new Case("JSON and list filters of a table view",
            "query($m: JSON, $l: [String!], $n: [Int!], $k: String) { items(where: {meta: {contains: $m, hasKey: $k}, labels: {overlaps: $l}, nums: {containedBy: $n}}) { id } }",
            List.of(vars("m", vars("color", "blue"), "l", list("b"), "n", list(9, 10, 100), "k", "color"),
                vars("m", vars("color", "red"), "l", list("a", "b"), "n", list(9, 10), "k", "size"),
                vars("m", vars(), "l", list(), "n", list()))),
        new Case("aggregates and groups",
            "query($w: UserWhereInput, $by: [UserGroupBy!]!, $h: UserHaving, $o: [UserGroupOrderBy!], $l: Int) { t: usersAggregate(where: $w) { count avg { age } } g: userGroups(by: $by, where: $w, having: $h, orderBy: $o, limit: $l) { key { role createdAt } count } }",
            List.of(vars("w", vars("age", vars("gte", 1)), "by", list(vars("field", "role")), "h", vars("count", vars("gte", 1))),
                vars("w", vars("age", vars("gte", 20)), "by", list(vars("field", "role")), "h", vars("count", vars("gte", 2))),
                vars("by", list(vars("field", "createdAt", "bucket", "DAY")), "o", list(vars("count", "DESC")), "l", 2),
                vars("by", list(vars("field", "role")), "h", vars("max", vars("age", vars("gt", 50)))),
                vars("by", list(vars("field", "role")), "h", vars("max", vars("age", vars("gt", 5)))),
                vars("by", list()))),
        new Case("defaults, absent variables and introspection",
            "query($l: Int = 2, $e: String, $t: String!) { __type(name: $t) { name } users(limit: $l, where: {email: {neq: $e}}) { id } }",
            List.of(vars("t", "User"), vars("t", "Role", "e", "ann@example.com"), vars("t", "User", "l", 1),
                vars("t", "User", "l", null), vars("t", "User", "e", "bob@example.com"))),
        new Case("several operations and roots",
            "query A($id: ID!) { user(id: $id) { id } posts(where: {author: {id: {eq: $id}}}) { title } } query B { users(limit: 1) { id } }",
            List.of(vars("id", U1), vars("id", U2))),
        new Case("bad variables", "query($w: UserWhereInput, $n: Int!) { users(where: $w, limit: $n) { id } }", List.of(
            vars("w", vars("age", vars("gte", 1)), "n", 1), vars("w", vars("nope", 1), "n", 1), vars("w", vars("age", vars("gte", "x")), "n", 1),
            vars("w", vars("age", vars("gte", 1))), vars("w", "x", "n", 1), vars("w", vars("age", vars("gte", 1)), "n", 2.5),
            vars("w", vars("age", vars("gte", 1)), "n", 3))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyRequestAnswersAsPlannedOnItsOwnAndAsItsLiteralForm(Case c) {
    long before = ENGINES.get("jdbc").templateCacheUsage()[0];
    for (Map<String, Object> v : c.variables()) {
      GraphQLRequest request = new GraphQLRequest(c.query(), c.query().startsWith("query A") ? "A" : null, v,
          Map.of("x-tenant-id", "t1"));
      String expected = text(plain.execute(request));
      for (Map.Entry<String, FraiseQL> e : ENGINES.entrySet()) {
        for (int round = 1; round <= 2; round++) {
          assertThat(text(e.getValue().execute(request))).as("%s with %s on %s, round %d", c, v, e.getKey(), round)
              .isEqualTo(expected);
        }
      }
      assertThat(expected).as("%s with %s", c, v).doesNotContain("INTERNAL_ERROR");
      if (expected.startsWith("{\"data\"") && !expected.contains("\"errors\"")) {
        String literal = LiteralForm.inline(plain.schema().graphQLSchema(), c.query(), request.operationName(), v);
        assertThat(text(plain.execute(new GraphQLRequest(literal, request.operationName(), Map.of(),
            request.attributes())))).as("%s with %s, literal form %s", c, v, literal).isEqualTo(expected);
      }
    }
    // templates served these requests (a shape is built once per engine; the reference keeps none)
    assertThat(ENGINES.get("jdbc").templateCacheUsage()[0]).as(c.name()).isGreaterThan(before);
    assertThat(plain.templateCacheUsage()[0]).isZero();
  }

  @Test
  void connectionPagesWithVariables() {
    String q = "query($f: Int, $a: String, $w: UserWhereInput, $o: [UserOrderByInput!]) {"
        + " usersConnection(first: $f, after: $a, where: $w, orderBy: $o) { totalCount edges { cursor node { id age } }"
        + " pageInfo { hasNextPage endCursor } } }";
    Map<String, Object> first = vars("f", 2, "w", vars("age", vars("gte", 1)), "o", list(vars("age", "ASC")));
    String page1 = text(plain.execute(GraphQLRequest.of(q, first)));
    Matcher m = Pattern.compile("\"endCursor\":\"([^\"]+)\"").matcher(page1);
    assertThat(m.find()).as(page1).isTrue();
    List<Map<String, Object>> requests = List.of(first, vars("f", 2, "a", m.group(1), "w", vars("age", vars("gte", 1)),
        "o", list(vars("age", "ASC"))), vars("f", 1, "a", m.group(1), "w", vars("age", vars("gte", 20)),
        "o", list(vars("age", "ASC"))), vars("f", 2, "a", "forged", "o", list(vars("age", "ASC"))),
        vars("f", 2000));
    for (Map<String, Object> v : requests) {
      GraphQLRequest request = GraphQLRequest.of(q, v);
      String expected = text(plain.execute(request));
      for (Map.Entry<String, FraiseQL> e : ENGINES.entrySet()) {
        for (int round = 1; round <= 2; round++) {
          assertThat(text(e.getValue().execute(request))).as("%s on %s, round %d", v, e.getKey(), round)
              .isEqualTo(expected);
        }
      }
      if (!expected.contains("\"errors\"")) {
        String literal = LiteralForm.inline(plain.schema().graphQLSchema(), q, null, v);
        assertThat(text(plain.execute(GraphQLRequest.of(literal)))).as(literal).isEqualTo(expected);
      }
    }
  }

  /**
   * Mutations take their input from variables too (they are planned for each request): the same
   * bytes as the literal form on every backend. Each write is repeatable (an update to fixed
   * values, a function that only reads).
   */
  @Test
  void mutationInputsFromVariables() {
    DatabaseUrl url = BlogFixture.createDatabase("templates_mut");
    io.fraiseql.tck.TestDatabase.execute(url, FraiseQL.shippedSql());
    io.fraiseql.tck.TestDatabase.execute(url, BlogFixture.resource("mutations.sql"));
    List<Case> cases = List.of(
        new Case("update", "mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { id email fullName age } }",
            List.of(vars("id", U3, "in", vars("fullName", "Cy \"C\" ✓", "age", 101)), vars("id", U3, "in", vars("age", null)))),
        new Case("function", "mutation($in: WhoInput) { whoAmI(input: $in) { status message } }",
            List.of(vars("in", vars("label", "a\"b ü", "count", 3, "when", "2026-01-02T03:04:05+02:00",
                "extra", vars("camelKey", list(1, true, null)))), vars("in", null))));
    for (String id : ParityTest.BACKENDS) {
      try (FraiseQL engine = FraiseQL.builder().schema(MutationTest.sdl()).databaseUrl(url).backend(id).poolSize(2)
          .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id")).build()) {
        for (Case c : cases) {
          for (Map<String, Object> v : c.variables()) {
            Map<String, String> attributes = Map.of("x-tenant-id", "t9");
            String literal = LiteralForm.inline(engine.schema().graphQLSchema(), c.query(), null, v);
            String expected = text(engine.execute(new GraphQLRequest(literal, null, Map.of(), attributes)));
            assertThat(expected).as(literal).startsWith("{\"data\"").doesNotContain("\"errors\"");
            for (int round = 1; round <= 2; round++) {
              assertThat(text(engine.execute(new GraphQLRequest(c.query(), null, v, attributes))))
                  .as("%s with %s on %s", c, v, id).isEqualTo(expected);
            }
          }
        }
      }
    }
  }

  /**
   * A template warmed with a good request refuses a hostile request of the same shape exactly as
   * the engine refuses it planned on its own (BAD_USER_INPUT, before any SQL: the request is
   * rejected by the planner, or its field fails while planned), then serves good ones again.
   */
  @Test
  void hostileValuesOfAWarmTemplatesShapeAreRefusedOnEveryBackend() {
    String q = "query($w: UserWhereInput) { users(where: $w) { id } }";
    String longPattern = "a".repeat(io.fraiseql.api.Limits.DEFAULTS.maxPatternLength() + 1);
    List<Pair> pairs = List.of(
        new Pair(vars("w", vars("fullName", vars("matches", "^A.........$"))),
            vars("w", vars("fullName", vars("matches", longPattern)))),
        new Pair(vars("w", vars("email", vars("like", "a%"))), vars("w", vars("email", vars("like", "ann\\")))),
        new Pair(vars("w", vars("email", vars("eq", "ann@example.com"))), vars("w", vars("email", vars("eq", "a\0b")))),
        new Pair(vars("w", vars("email", vars("in", list("a", "b")))), vars("w", vars("email", vars("in", list("a", "\0"))))),
        new Pair(vars("w", vars("email", vars("eq", "ann@example.com"))),
            vars("w", vars("email", vars("eq", "a\udc00")))));
    for (Pair p : pairs) {
      GraphQLRequest good = GraphQLRequest.of(q, p.good());
      GraphQLRequest bad = GraphQLRequest.of(q, p.bad());
      String goodAnswer = text(plain.execute(good));
      String badAnswer = text(plain.execute(bad));
      assertThat(badAnswer).as("%s", p.bad()).contains("BAD_USER_INPUT").doesNotContain("\"id\"");
      for (Map.Entry<String, FraiseQL> e : ENGINES.entrySet()) {
        FraiseQL engine = e.getValue();
        assertThat(text(engine.execute(good))).isEqualTo(goodAnswer);
        long kept = engine.templateCacheUsage()[0];
        ExecutionSummary summary = engine.executeAsync(bad, new Collect()).toCompletableFuture().join();
        assertThat(summary.errors()).as("%s on %s", p.bad(), e.getKey()).containsExactly(io.fraiseql.api.error.ErrorCode.BAD_USER_INPUT);
        assertThat(summary.rows()).as("nothing read").isZero();
        assertThat(text(engine.execute(bad))).as("%s on %s", p.bad(), e.getKey()).isEqualTo(badAnswer);
        assertThat(text(engine.execute(good))).isEqualTo(goodAnswer);
        assertThat(engine.templateCacheUsage()[0]).as("the same template served").isEqualTo(kept);
      }
    }
  }

  private record Pair(Map<String, Object> good, Map<String, Object> bad) {}

  /** A target that takes everything at once. */
  private static final class Collect implements ResponseTarget {
    final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    @Override
    public void write(byte[] b, int offset, int length) {
      bytes.write(b, offset, length);
    }

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void onWritable(Runnable action) {
      action.run();
    }
  }

  /** A template the SQL builder refuses is not used: its requests are planned on their own. */
  @Test
  void aTemplateThatDoesNotRenderIsNotUsed() {
    FraiseQL engine = ENGINES.get("jdbc");
    io.fraiseql.api.plan.Source source = new io.fraiseql.api.plan.Source("v_user", "data", "id", "uuid");
    io.fraiseql.api.plan.FieldRef email = io.fraiseql.api.plan.FieldRef.json(List.of("email"),
        io.fraiseql.api.plan.ScalarKind.STRING);
    java.util.function.Function<Object, io.fraiseql.planner.PlanResult.Operation> op = value ->
        new io.fraiseql.planner.PlanResult.Operation(List.of(new io.fraiseql.planner.RootPlan.Data(
            new io.fraiseql.api.plan.QueryDef("users", source, io.fraiseql.api.plan.QueryDef.Shape.LIST,
                new io.fraiseql.api.plan.Selection.ObjectSelection("User", List.of()),
                new io.fraiseql.api.plan.Where.Compare(email, io.fraiseql.api.plan.Where.Op.CONTAINS, value),
                List.of(), null, null, null, true, true), List.of())),
            graphql.parser.Parser.parse("{ users { id } }"), null, Map.of(), false)
            .withParameters(Map.of(), new Object[] {"x"});
    assertThat(engine.renders(op.apply(new io.fraiseql.api.plan.Parameter(0, "a")))).isTrue();
    io.fraiseql.planner.PlanResult.Operation broken = op.apply(new io.fraiseql.api.plan.Parameter(0, 5));
    assertThat(engine.renders(broken)).isFalse();
    assertThat(engine.renders(broken)).as("tried again, not remembered").isFalse();
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
