package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.Limits;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.api.plan.Parameter;
import io.fraiseql.planner.internal.Slots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan templates: requests whose variables have the same shape share one plan, whose parameters
 * resolve to exactly the plan the request gets on its own; requests of different shapes never
 * share one.
 */
class PlanTemplatesTest {
  static final String SDL = """
      enum Role { ADMIN MEMBER }
      type User @sqlSource(name: "v_user") {
        id: ID!
        email: String!
        fullName: String
        age: Int
        score: BigDecimal
        rate: Float
        active: Boolean
        role: Role
        createdAt: DateTime
        born: Date
        ref: UUID
        tags: [String!]
        meta: JSON
        author: User
        posts: [Post!]!
      }
      type Post { id: ID! title: String }
      type Item @sqlSource(name: "v_item") { id: ID! name: String }
      type Query {
        users: [User!]!
        user(id: ID!): User
        item(id: ID!): Item
        usersConnection: UserConnection!
        usersAggregate: UserAggregate!
        userGroups: [UserGroup!]!
      }
      type Mutation { renameItem(id: ID!, input: RenameInput!): Item @update(table: "tb_item") }
      input RenameInput { name: String }
      """;
  static final Catalog CATALOG = Catalog.of(Map.of(
      "v_user", Map.of("id", "uuid", "data", "jsonb", "email", "text", "age", "integer", "created_at",
          "timestamp with time zone", "tags", "text[]"),
      "v_item", Map.of("id", "bigint", "data", "jsonb"),
      "tb_item", Map.of("id", "bigint", "name", "text")));
  static final FraiseSchema SCHEMA = FraiseSchema.load(SDL, CATALOG);
  static final CursorCodec CURSORS = new CursorCodec(new byte[16]);
  static final String A = "123e4567-e89b-12d3-a456-426614174000";
  static final String B = "123e4567-e89b-12d3-a456-426614174001";

  final Planner planner = planner(1_000, 1 << 24);
  /** The reference: every request planned on its own. */
  final Planner plain = planner(0, 0);

  static Planner planner(int templates, long bytes) {
    return new Planner(SCHEMA, PlannerOptions.DEFAULTS.withTemplateCache(templates, bytes), CURSORS);
  }

  static Map<String, Object> vars(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<Object> list(Object... items) {
    return new ArrayList<>(List.of(items));
  }

  record Request(String query, Map<String, Object> variables) {}

  static Request q(String query, Object... kv) {
    return new Request(query, vars(kv));
  }

  static final String BY_ID = "query($id: ID!) { user(id: $id) { id email } }";
  static final String WHERE = "query($w: UserWhereInput, $n: Int) { users(where: $w, limit: $n) { id } }";

  static Stream<Request> requests() {
    return Stream.of(
        q(BY_ID, "id", A), q(BY_ID, "id", B), q(BY_ID, "id", "nope"), q(BY_ID, "id", 42), q(BY_ID, "id", null),
        q(BY_ID), q(BY_ID, "id", list(A)),
        q("query($id: ID!) { item(id: $id) { name } }", "id", "7"), q("query($id: ID!) { item(id: $id) { name } }", "id", 7),
        q("query($id: ID!) { item(id: $id) { name } }", "id", "x"),
        q(WHERE, "w", vars("email", vars("eq", "a"))), q(WHERE, "w", vars("email", vars("eq", "b")), "n", 2),
        q(WHERE, "w", vars("email", vars("in", list("a", "b")))), q(WHERE, "w", vars("email", vars("nin", list()))),
        q(WHERE, "w", vars("id", vars("in", list(A, B)))), q(WHERE, "w", vars("id", vars("in", list(A, "bad")))),
        q(WHERE, "w", vars("id", vars("eq", A))), q(WHERE, "w", vars("id", vars("eq", 5))),
        q(WHERE, "w", vars("fullName", vars("contains", "%_\\", "like", "a%", "matches", "^a"))),
        q(WHERE, "w", vars("fullName", vars("isnull", true))), q(WHERE, "w", vars("fullName", vars("isnull", false))),
        q(WHERE, "w", vars("age", vars("gt", 1, "lte", 99), "score", vars("lt", 10.5), "rate", vars("gte", 2))),
        q(WHERE, "w", vars("score", vars("lt", "12345678901234567890.5"))), q(WHERE, "w", vars("score", vars("lt", "x"))),
        q(WHERE, "w", vars("createdAt", vars("gt", "2026-01-02T00:00:00Z"), "born", vars("eq", "2000-01-01"))),
        q(WHERE, "w", vars("createdAt", vars("gt", "yesterday"))),
        q(WHERE, "w", vars("ref", vars("eq", B), "role", vars("in", list("ADMIN"))), "n", 1),
        q(WHERE, "w", vars("role", vars("eq", "NOPE"))), q(WHERE, "w", vars("active", vars("eq", false))),
        q(WHERE, "w", vars("tags", vars("contains", list("a"), "lenGt", 1))), q(WHERE, "w", vars("tags", vars("lenGt", -1))),
        q(WHERE, "w", vars("meta", vars("contains", vars("a", list(1, 2)), "hasKey", "k", "hasAnyKeys", list("x")))),
        q(WHERE, "w", vars("posts", vars("some", vars("title", vars("eq", "t")), "none", vars("id", vars("eq", "p"))))),
        q(WHERE, "w", vars("author", vars("email", vars("eq", "e"), "author", vars("age", vars("gt", 3))))),
        q(WHERE, "w", vars("OR", list(vars("age", vars("gt", 1)), vars("NOT", vars("email", vars("eq", "x")))))),
        q(WHERE, "w", vars("AND", list())), q(WHERE, "w", vars()), q(WHERE, "w", null), q(WHERE, "n", -1),
        q(WHERE, "w", vars("nope", 1)), q(WHERE, "w", "x"), q(WHERE, "w", vars("age", vars("gt", 1.5))),
        q(WHERE, "w", vars("email", vars("eq", null))), q(WHERE, "w", vars("email", "a")),
        q("query($a: Int, $e: String, $ids: [ID!]) { users(where: {age: {gt: $a}, email: {eq: $e}, id: {in: $ids}}) { id } }",
            "a", 3, "e", "x", "ids", list(A)),
        q("query($a: Int, $e: String, $ids: [ID!]) { users(where: {age: {gt: $a}, email: {eq: $e}, id: {in: $ids}}) { id } }",
            "ids", A),
        q("query($a: Int, $e: String, $ids: [ID!]) { users(where: {age: {gt: $a}, email: {eq: $e}, id: {in: [$e]}}) { id } }",
            "e", A),
        q("query($n: Int) { users(limit: $n, where: {age: {gt: $n}}) { id } }", "n", 4),
        q("query($o: [UserOrderByInput!], $n: Int, $s: Int) { users(orderBy: $o, limit: $n, offset: $s) { id } }",
            "o", list(vars("age", "DESC"), vars("author", vars("email", "ASC"))), "n", 3, "s", 1),
        q("query($s: Boolean!, $i: Boolean!) { users { id email @skip(if: $s) ... on User @include(if: $i) { age } } }",
            "s", true, "i", false),
        q("query($f: Int, $l: Int, $a: String, $w: UserWhereInput) { usersConnection(first: $f, last: $l, after: $a, where: $w)"
            + " { totalCount edges { cursor node { id } } pageInfo { hasNextPage } } }", "f", 2, "w", vars("age", vars("gt", 1))),
        q("query($f: Int, $l: Int, $a: String, $w: UserWhereInput) { usersConnection(first: $f, last: $l, after: $a, where: $w)"
            + " { totalCount edges { cursor node { id } } pageInfo { hasNextPage } } }", "f", 2, "l", 2),
        q("query($f: Int, $l: Int, $a: String, $w: UserWhereInput) { usersConnection(first: $f, last: $l, after: $a, where: $w)"
            + " { edges { node { id } } } }", "a", "forged"),
        q("query($w: UserWhereInput, $by: [UserGroupBy!]!, $h: UserHaving) { usersAggregate(where: $w) { count }"
            + " userGroups(by: $by, having: $h, where: $w) { key { role } count } }",
            "w", vars("age", vars("gt", 1)), "by", list(vars("field", "role")), "h", vars("count", vars("gte", 2),
                "max", vars("age", vars("lt", 90)))),
        q("query($by: [UserGroupBy!]!) { userGroups(by: $by) { count } }", "by", list()),
        q("query($t: String!, $id: ID!) { __type(name: $t) { name } user(id: $id) { id } }", "t", "User", "id", A),
        q("query($id: ID!, $in: RenameInput!) { item(id: $id) { name } }", "id", "1", "in", vars("name", "x")),
        q("mutation($id: ID!, $in: RenameInput!) { renameItem(id: $id, input: $in) { name } }", "id", "1",
            "in", vars("name", "x")));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void aTemplateResolvesToThePlanOfTheRequestOnItsOwn(Request r) {
    PlanResult expected = plain.plan(r.query(), null, r.variables());
    for (int round = 1; round <= 2; round++) {
      PlanResult got = planner.plan(r.query(), null, r.variables());
      if (expected instanceof PlanResult.Rejected) {
        assertThat(got).as("round %d", round).isEqualTo(expected);
      } else {
        assertThat(got).as("round %d", round).isInstanceOf(PlanResult.Operation.class);
        assertThat(Resolved.fields(got)).as("round %d", round).isEqualTo(((PlanResult.Operation) expected).fields());
        assertThat(((PlanResult.Operation) got).variables()).isEqualTo(r.variables());
      }
    }
  }

  @Test
  void requestsOfOneShapeShareATemplateAndOthersNever() {
    // same shape: one template, values differ
    assertShared(q(BY_ID, "id", A), q(BY_ID, "id", B), true);
    String item = "query($id: ID!) { item(id: $id) { name } }";
    assertShared(q(item, "id", "7"), q(item, "id", 42), true); // an Int id coerces to a String as well
    assertShared(q(WHERE, "w", vars("email", vars("eq", "a"))), q(WHERE, "w", vars("email", vars("eq", "b"))), true);
    assertShared(q(WHERE, "w", vars("email", vars("in", list("a", "b")))),
        q(WHERE, "w", vars("email", vars("in", list("c", "d")))), true);
    assertShared(q(WHERE, "w", vars("role", vars("eq", "ADMIN"))), q(WHERE, "w", vars("role", vars("eq", "MEMBER"))), true);
    assertShared(q(WHERE, "w", vars("tags", vars("overlaps", list("a")))),
        q(WHERE, "w", vars("tags", vars("overlaps", list("b", "c")))), true);
    // the order of keys in the request does not matter: graphql-java reads them in schema order
    assertShared(q(WHERE, "w", vars("email", vars("eq", "a"), "age", vars("gt", 1))),
        q(WHERE, "w", vars("age", vars("gt", 2), "email", vars("eq", "b"))), true);
    assertShared(q(WHERE, "w", vars("createdAt", vars("gt", "2026-01-02T00:00:00Z"))),
        q(WHERE, "w", vars("createdAt", vars("gt", "2027-03-04T00:00:00+02:00"))), true);
    // different shapes
    assertShared(q(WHERE, "w", vars("email", vars("eq", "a"))), q(WHERE, "w", vars("fullName", vars("eq", "a"))), false);
    assertShared(q(WHERE, "w", vars("email", vars("eq", "a"))),
        q(WHERE, "w", vars("email", vars("eq", "a"), "fullName", vars("eq", "x"))), false);
    assertShared(q(WHERE, "w", vars("email", vars("eq", "a"))), q(WHERE, "w", vars("email", vars("eq", null))), false);
    assertShared(q(WHERE, "w", vars("email", vars("eq", "a"))), q(WHERE, "w", vars("email", vars())), false);
    assertShared(q(WHERE, "w", vars()), q(WHERE, "w", null), false);
    assertShared(q(WHERE, "w", null, "n", 1), q(WHERE, "n", 1), false); // null and absent
    // without variables a request has a plan of its own (not a template)
    assertThat(((PlanResult.Operation) planner.plan(WHERE, null, vars())).parameters()).isNull();
    assertShared(q(WHERE, "w", vars("fullName", vars("isnull", true))), q(WHERE, "w", vars("fullName", vars("isnull", false))), false);
    assertShared(q(WHERE, "w", vars("email", vars("in", list("a")))), q(WHERE, "w", vars("email", vars("in", list("a", "b")))), false);
    assertShared(q(WHERE, "w", vars("tags", vars("lenGt", 1))), q(WHERE, "w", vars("tags", vars("lenGt", 2))), false);
    assertShared(q(WHERE, "w", vars("OR", list(vars()))), q(WHERE, "w", vars("OR", list(vars(), vars()))), false);
    assertShared(q(WHERE, "n", 2), q(WHERE, "n", 3), false);
    assertShared(q(WHERE, "w", vars("score", vars("lt", 1))), q(WHERE, "w", vars("rate", vars("lt", 1))), false);
    String order = "query($o: [UserOrderByInput!]) { users(orderBy: $o) { id } }";
    assertShared(q(order, "o", list(vars("age", "ASC"))), q(order, "o", list(vars("age", "DESC"))), false);
    String skip = "query($s: Boolean!) { users { id email @skip(if: $s) } }";
    assertShared(q(skip, "s", true), q(skip, "s", false), false);
    assertShared(q(skip, "s", true), q(skip, "s", true), true);
    // a variable used where a value is bound and where it shapes the plan is part of the shape
    String twice = "query($n: Int) { users(limit: $n, where: {age: {gt: $n}}) { id } }";
    assertShared(q(twice, "n", 2), q(twice, "n", 3), false);
    String cursor = "query($a: String) { usersConnection(first: 1, after: $a) { edges { node { id } } } }";
    PlanResult page = planner.plan(cursor, null, vars());
    assertThat(page).isInstanceOf(PlanResult.Operation.class);
  }

  private void assertShared(Request a, Request b, boolean shared) {
    PlanResult x = planner.plan(a.query(), null, a.variables());
    PlanResult y = planner.plan(b.query(), null, b.variables());
    assertThat(x).isInstanceOf(PlanResult.Operation.class);
    assertThat(y).isInstanceOf(PlanResult.Operation.class);
    PlanResult.Operation ox = (PlanResult.Operation) x;
    PlanResult.Operation oy = (PlanResult.Operation) y;
    assertThat(ox.parameters()).as("%s is served from a template", a).isNotNull();
    assertThat(oy.parameters()).as("%s is served from a template", b).isNotNull();
    if (shared) {
      assertThat(oy.fields()).as("%s and %s", a, b).isSameAs(ox.fields());
      assertThat(oy.memo()).isSameAs(ox.memo());
    } else {
      assertThat(oy.fields()).as("%s and %s", a, b).isNotSameAs(ox.fields());
      assertThat(oy.memo()).isNotSameAs(ox.memo());
    }
    assertThat(Resolved.fields(y)).isEqualTo(((PlanResult.Operation) plain.plan(b.query(), null, b.variables())).fields());
  }

  @Test
  void aValueThePlannerRefusesIsReportedAsWhenPlannedOnItsOwn() {
    planner.plan(BY_ID, null, vars("id", A));
    PlanResult bad = planner.plan(BY_ID, null, vars("id", "nope"));
    RootPlan failed = ((PlanResult.Operation) bad).fields().get(0);
    assertThat(failed).isInstanceOf(RootPlan.Failed.class);
    assertThat(((RootPlan.Failed) failed).error().code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(((PlanResult.Operation) bad).fields())
        .isEqualTo(((PlanResult.Operation) plain.plan(BY_ID, null, vars("id", "nope"))).fields());
    assertThat(((PlanResult.Operation) bad).parameters()).isNull();
    assertThat(planner.templateCacheUsage()[0]).isEqualTo(1);
    // bad variables: graphql-java's own messages
    PlanResult wrongType = planner.plan(WHERE, null, vars("n", "two"));
    assertThat(wrongType).isInstanceOf(PlanResult.Rejected.class).isEqualTo(plain.plan(WHERE, null, vars("n", "two")));
    assertThat(((PlanResult.Rejected) wrongType).errors().get(0).message()).contains("Variable 'n'");
  }

  @Test
  void aRequestCanBePlannedOnItsOwnWhenItsTemplateCannotBeUsed() {
    planner.plan(BY_ID, null, vars("id", A));
    PlanResult own = planner.planOnItsOwn(BY_ID, null, vars("id", B));
    assertThat(((PlanResult.Operation) own).parameters()).isNull();
    assertThat(((PlanResult.Operation) own).fields())
        .isEqualTo(((PlanResult.Operation) plain.plan(BY_ID, null, vars("id", B))).fields());
    assertThat(planner.planOnItsOwn("{ users { id } }", null, null)).isSameAs(planner.plan("{ users { id } }", null, null));
  }

  @Test
  void mutationsWithVariablesShareATemplateAndDocumentsWithoutVariablesAreNotTemplates() {
    String rename = "mutation($id: ID!, $in: RenameInput!) { renameItem(id: $id, input: $in) { name } }";
    PlanResult.Operation m = (PlanResult.Operation) planner.plan(rename, null, vars("id", "1", "in", vars("name", "x")));
    PlanResult.Operation n = (PlanResult.Operation) planner.plan(rename, null, vars("id", "2", "in", vars("name", "y")));
    assertThat(m.parameters()).startsWith("1", "x");
    assertThat(n.parameters()).startsWith("2", "y");
    assertThat(n.fields()).isSameAs(m.fields());
    assertThat(planner.templateCacheUsage()[0]).isEqualTo(1);
    PlanResult literal = planner.plan("{ user(id: \"" + A + "\") { id } }", null, Map.of());
    assertThat(((PlanResult.Operation) literal).parameters()).isNull();
    assertThat(planner.templateCacheUsage()[0]).isEqualTo(1);
  }

  @Test
  void theCacheIsBoundedByCountPerOperationAndWeight() {
    Planner two = planner(2, 1 << 24);
    String order = "query($n: Int) { users(limit: $n) { id } }";
    for (int n = 0; n < 5; n++) {
      assertThat(Resolved.fields(two.plan(order, null, vars("n", n))))
          .isEqualTo(((PlanResult.Operation) plain.plan(order, null, vars("n", n))).fields());
    }
    assertThat(two.templateCacheUsage()[0]).isEqualTo(2);
    // a template used since the clock hand passed it stays once more
    PlanResult kept = two.plan(order, null, vars("n", 4));
    assertThat(two.plan(order, null, vars("n", 9))).isNotNull();
    assertThat(((PlanResult.Operation) two.plan(order, null, vars("n", 4))).fields())
        .isSameAs(((PlanResult.Operation) kept).fields());

    Planner many = planner(1_000, 1 << 24);
    for (int n = 0; n < OperationTemplates.MAX_SHAPES + 5; n++) {
      many.plan(order, null, vars("n", n));
    }
    assertThat(many.templateCacheUsage()[0]).isEqualTo(OperationTemplates.MAX_SHAPES);
    many.plan("query($n: Int) { users(offset: $n) { id } }", null, vars("n", 1));
    assertThat(many.templateCacheUsage()[0]).isEqualTo(OperationTemplates.MAX_SHAPES + 1);

    Planner light = planner(1_000, 30_000);
    for (int n = 0; n < 10; n++) {
      light.plan(order, null, vars("n", n));
    }
    long[] usage = light.templateCacheUsage();
    assertThat(usage[1]).isLessThanOrEqualTo(30_000).isPositive();
    assertThat(usage[0]).isLessThan(10);

    Planner tiny = planner(1_000, 10);
    PlanResult served = tiny.plan(BY_ID, null, vars("id", A));
    assertThat(((PlanResult.Operation) served).parameters()).as("served, though not kept").isNotNull();
    assertThat(Resolved.fields(served)).isEqualTo(((PlanResult.Operation) plain.plan(BY_ID, null, vars("id", A))).fields());
    assertThat(tiny.templateCacheUsage()[0]).isZero();

    assertThat(((PlanResult.Operation) plain.plan(BY_ID, null, vars("id", A))).parameters()).isNull();
    assertThatThrownBy(() -> planner(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conversionsRunForEveryRequest() {
    Slots slots = new Slots(1);
    Parameter leaf = new Parameter(0, "12");
    Object converted = slots.during(() -> Slots.map(leaf, v -> Long.parseLong((String) v)));
    assertThat(converted).isInstanceOf(Parameter.class);
    assertThat(((Parameter) converted).sample()).isEqualTo(12L);
    Object twice = slots.during(() -> Slots.map(converted, v -> (Long) v + 1));
    assertThat(((Parameter) twice).sample()).isEqualTo(13L);
    Object[] values = new Object[slots.size()];
    values[0] = "40";
    assertThat(slots.compute(values)).isTrue();
    assertThat(((Parameter) converted).valueIn(values)).isEqualTo(40L);
    assertThat(((Parameter) twice).valueIn(values)).isEqualTo(41L);
    values[0] = "x";
    assertThat(slots.compute(values)).isFalse();
    assertThat(Slots.map("5", v -> v + "!")).isEqualTo("5!");
    assertThatThrownBy(() -> Slots.map(leaf, v -> v)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> slots.during(() -> Slots.map(leaf, v -> null))).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The planner's checks of values (NUL characters, lone surrogates, pattern length, a LIKE
   * pattern's final escape, ids) run on every request served from a template, on its own values:
   * a template warmed with a good request refuses a hostile one of the same shape exactly as
   * planning it alone does, and keeps serving good ones.
   */
  @ParameterizedTest
  @MethodSource("hostile")
  void aTemplateChecksEachRequestsOwnValues(Hostile h) {
    Planner fresh = planner(1_000, 1 << 24);
    PlanResult warm = fresh.plan(h.query(), null, h.good());
    assertThat(warm).isInstanceOf(PlanResult.Operation.class);
    assertThat(((PlanResult.Operation) warm).parameters()).as("served from a template").isNotNull();

    PlanResult got = fresh.plan(h.query(), null, h.bad());
    PlanResult alone = plain.plan(h.query(), null, h.bad());
    if (alone instanceof PlanResult.Rejected rejected) {
      assertThat(got).isEqualTo(alone);
      assertThat(rejected.errors()).extracting(e -> e.code()).containsOnly(ErrorCode.BAD_USER_INPUT);
      assertThat(rejected.errors().get(0).message()).contains(h.message());
    } else {
      PlanResult.Operation op = (PlanResult.Operation) got;
      assertThat(op.parameters()).as("planned on its own").isNull();
      assertThat(op.fields()).isEqualTo(((PlanResult.Operation) alone).fields());
      RootPlan.Failed failed = (RootPlan.Failed) op.fields().stream().filter(f -> f instanceof RootPlan.Failed)
          .findFirst().orElseThrow();
      assertThat(failed.error().code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
      assertThat(failed.error().message()).contains(h.message());
    }

    PlanResult again = fresh.plan(h.query(), null, h.good());
    assertThat(((PlanResult.Operation) again).fields()).as("the template still serves").isSameAs(
        ((PlanResult.Operation) warm).fields());
    assertThat(fresh.templateCacheUsage()[0]).isEqualTo(1);

    // no template is built from a hostile first request
    Planner cold = planner(1_000, 1 << 24);
    PlanResult first = cold.plan(h.query(), null, h.bad());
    if (alone instanceof PlanResult.Rejected) {
      assertThat(first).isEqualTo(alone);
    } else {
      assertThat(((PlanResult.Operation) first).fields()).isEqualTo(((PlanResult.Operation) alone).fields());
    }
    assertThat(cold.templateCacheUsage()[0]).isZero();
  }

  record Hostile(String name, String query, Map<String, Object> good, Map<String, Object> bad, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Hostile> hostile() {
    String longPattern = "a".repeat(Limits.DEFAULTS.maxPatternLength() + 1);
    String agg = "query($w: UserWhereInput) { usersAggregate(where: $w) { count } }";
    String conn = "query($w: UserWhereInput) { usersConnection(first: 2, where: $w) { edges { node { id } } } }";
    String nul = "NUL character";
    return Stream.of(
        new Hostile("matches too long", WHERE, vars("w", vars("fullName", vars("matches", "^abcdefghi"))),
            vars("w", vars("fullName", vars("matches", longPattern))), "characters long; the limit is"),
        new Hostile("like too long inside NOT", WHERE,
            vars("w", vars("NOT", vars("email", vars("like", "a%")))),
            vars("w", vars("NOT", vars("email", vars("like", longPattern)))), "characters long; the limit is"),
        new Hostile("imatches too long in an aggregate", agg, vars("w", vars("email", vars("imatches", "x"))),
            vars("w", vars("email", vars("imatches", longPattern))), "characters long; the limit is"),
        new Hostile("notMatches too long in a connection", conn, vars("w", vars("email", vars("notMatches", "x"))),
            vars("w", vars("email", vars("notMatches", longPattern))), "characters long; the limit is"),
        new Hostile("like ending in the escape", WHERE, vars("w", vars("email", vars("like", "a%"))),
            vars("w", vars("email", vars("like", "abc\\"))), "must not end with the escape"),
        new Hostile("ilike ending in the escape", WHERE, vars("w", vars("email", vars("ilike", "a\\\\"))),
            vars("w", vars("email", vars("ilike", "a\\\\\\"))), "must not end with the escape"),
        new Hostile("NUL in eq", WHERE, vars("w", vars("email", vars("eq", "a"))),
            vars("w", vars("email", vars("eq", "a\0b"))), nul),
        new Hostile("NUL in a pattern", WHERE, vars("w", vars("email", vars("matches", "a"))),
            vars("w", vars("email", vars("matches", "a\0"))), nul),
        new Hostile("NUL in an in list", WHERE, vars("w", vars("email", vars("in", list("a", "b")))),
            vars("w", vars("email", vars("in", list("a", "\0")))), nul),
        new Hostile("NUL in JSON", WHERE, vars("w", vars("meta", vars("contains", vars("k", "v")))),
            vars("w", vars("meta", vars("contains", vars("k", "v\0")))), nul),
        new Hostile("NUL in a list field's value", WHERE, vars("w", vars("tags", vars("contains", list("a")))),
            vars("w", vars("tags", vars("contains", list("a\0")))), nul),
        new Hostile("NUL in an id", "query($id: ID!) { item(id: $id) { name } }", vars("id", "7"),
            vars("id", "7\0"), nul),
        new Hostile("lone surrogate", WHERE, vars("w", vars("email", vars("eq", "a"))),
            vars("w", vars("email", vars("eq", "a\ud800"))), "lone UTF-16 surrogate"),
        new Hostile("a malformed id", BY_ID, vars("id", A), vars("id", "nope"), "UUID"));
  }
}
