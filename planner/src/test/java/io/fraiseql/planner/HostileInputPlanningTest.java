package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.introspection.IntrospectionQuery;
import io.fraiseql.api.Limits;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.planner.internal.DocumentCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a hostile request gets from the planner: a coded error before any SQL exists. */
class HostileInputPlanningTest {
  static final FraiseSchema SCHEMA = FraiseSchema.load(PlannerTest.SDL, PlannerTest.CATALOG);
  static final CursorCodec CODEC = new CursorCodec(new byte[16]);

  final Planner planner = new Planner(SCHEMA);

  static GraphQLErrorEntry rejection(PlanResult r) {
    assertThat(r).as("rejected").isInstanceOf(PlanResult.Rejected.class);
    return ((PlanResult.Rejected) r).errors().get(0);
  }

  static void assertRejected(PlanResult r, ErrorCode code, String message) {
    GraphQLErrorEntry e = rejection(r);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.message()).contains(message);
  }

  static PlanResult.Operation operation(PlanResult r) {
    assertThat(r).as("planned: %s", r).isInstanceOf(PlanResult.Operation.class);
    return (PlanResult.Operation) r;
  }

  static String patterns(String op, int n) {
    return IntStream.range(0, n).mapToObj(i -> "{email: {" + op + ": \"x" + i + "\"}}").collect(Collectors.joining(", "));
  }

  // ------------------------------------------------------------------------------ patterns

  @Test
  void patternOperatorsAreCountedOverTheWholeRequest() {
    int max = Limits.DEFAULT_MAX_PATTERN_OPERATORS;
    operation(planner.plan("{ users(where: {OR: [" + patterns("imatches", max) + "]}) { id } }", null, null));
    assertRejected(planner.plan("{ users(where: {OR: [" + patterns("imatches", max + 1) + "]}) { id } }", null, null),
        ErrorCode.BAD_USER_INPUT, "has 21 pattern operators");
    // split over two root fields, inside some/NOT, every operator of the family
    String half = patterns("like", 6) + ", " + patterns("ilike", 5);
    String nested = "{NOT: {posts: {some: {OR: [{title: {matches: \"a\"}}, {title: {notMatches: \"b\"}},"
        + " {title: {imatches: \"c\"}}]}}}}";
    assertRejected(planner.plan("{ a: users(where: {OR: [" + half + "]}) { id }"
        + " b: users(where: {AND: [" + half + ", " + nested + "]}) { id } }", null, null),
        ErrorCode.BAD_USER_INPUT, "has 25 pattern operators");
    // values from variables count the same
    List<Map<String, Object>> or = new ArrayList<>();
    for (int i = 0; i < max + 1; i++) {
      or.add(Map.of("email", Map.of("matches", "^a" + i)));
    }
    assertRejected(planner.plan("query($w: UserWhereInput) { users(where: $w) { id } }", null, Map.of("w", Map.of("OR", or))),
        ErrorCode.BAD_USER_INPUT, "pattern operators");
    // contains/startswith/endswith are literal: not counted
    operation(planner.plan("{ users(where: {OR: [" + patterns("icontains", 50) + "]}) { id } }", null, null));
  }

  @Test
  void patternLengthAndAZeroLimit() {
    Planner tight = new Planner(SCHEMA, new PlannerOptions(Limits.DEFAULTS.withPatternLimits(0, 10), 10, 1 << 20, true), CODEC);
    assertRejected(tight.plan("{ users(where: {email: {like: \"a%\"}}) { id } }", null, null),
        ErrorCode.BAD_USER_INPUT, "the limit is 0");
    Planner shortPatterns = new Planner(SCHEMA, new PlannerOptions(Limits.DEFAULTS.withPatternLimits(5, 10), 10, 1 << 20, true), CODEC);
    operation(shortPatterns.plan("{ users(where: {email: {matches: \"0123456789\"}}) { id } }", null, null));
    assertRejected(shortPatterns.plan("query($p: String) { users(where: {email: {matches: $p}}) { id } }", null,
        Map.of("p", "01234567890")), ErrorCode.BAD_USER_INPUT, "pattern of matches is 11 characters long; the limit is 10");
  }

  @Test
  void aLikePatternEndingInItsEscapeCharacterFailsItsField() {
    PlanResult.Operation op = operation(planner.plan(
        "{ a: users(where: {email: {like: \"50%\\\\\"}}) { id } b: users(where: {email: {like: \"a\\\\\\\\\"}}) { id } }",
        null, null));
    RootPlan.Failed a = (RootPlan.Failed) op.fields().get(0);
    assertThat(a.error().code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
    assertThat(a.error().message()).contains("must not end with the escape character");
    assertThat(op.fields().get(1)).isInstanceOf(RootPlan.Data.class); // an escaped backslash is fine
  }

  @Test
  void aStatementNeverNeedsMoreBindValuesThanTheProtocolCarries() {
    List<Object> or = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      or.add(Map.of("fullName", Map.of("eq", "n" + i)));
    }
    assertRejected(planner.plan("query($w: UserWhereInput) { users(where: $w) { id } }", null, Map.of("w", Map.of("OR", or))),
        ErrorCode.BAD_USER_INPUT, "70000 conditions");
    // the same values as one in list are one parameter
    List<String> names = IntStream.range(0, 70_000).mapToObj(i -> "n" + i).toList();
    operation(planner.plan("query($n: [String!]) { users(where: {fullName: {in: $n}}) { id } }", null, Map.of("n", names)));
  }

  // ------------------------------------------------------------------------ text checks

  @Test
  void loneSurrogatesAnywhereAreRefusedWithoutQuotingThem() {
    String lone = "\ud800";
    List<PlanResult> results = List.of(
        planner.plan("{ users(where: {email: {eq: \"" + lone + "\"}}) { id } }", null, null),
        planner.plan("{ users { id } } # " + lone, null, null),
        planner.plan("query Q { users { id } }", "Q" + lone, null),
        planner.plan("query($e: String) { users(where: {email: {eq: $e}}) { id } }", null, Map.of("e", "a" + lone)),
        planner.plan("query($w: UserWhereInput) { users(where: $w) { id } }", null,
            Map.of("w", Map.of("email", Map.of(lone, "x")))),
        planner.plan("query($l: [String!]) { users(where: {email: {in: $l}}) { id } }", null,
            Map.of("l", List.of("ok", "\udc00x"))));
    for (PlanResult r : results) {
      GraphQLErrorEntry e = rejection(r);
      assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
      assertThat(e.message()).contains("lone UTF-16 surrogate").doesNotContain(lone).doesNotContain("\udc00");
    }
    // a pair is fine, escaped or not
    operation(planner.plan("{ users(where: {email: {eq: \"😀 \\ud83d\\ude00\"}}) { id } }", null, Map.of("x", "😀")));
  }

  @Test
  void nulCharactersInArgumentsAreRefusedBeforeSql() {
    assertRejected(planner.plan("{ users(where: {email: {eq: \"a\\u0000b\"}}) { id } }", null, null),
        ErrorCode.BAD_USER_INPUT, "NUL character");
    assertRejected(planner.plan("query($w: UserWhereInput) { users(where: $w) { id } }", null,
        Map.of("w", Map.of("posts", Map.of("some", Map.of("title", Map.of("eq", "x\0")))))),
        ErrorCode.BAD_USER_INPUT, "users.where.posts.some.title.eq");
    Map<String, Object> deep = new LinkedHashMap<>();
    deep.put("email", Map.of("in", List.of("a", "b\0")));
    assertRejected(planner.plan("query($w: UserWhereInput) { users(where: $w) { id } }", null, Map.of("w", deep)),
        ErrorCode.BAD_USER_INPUT, "users.where.email.in[1]");
  }

  // -------------------------------------------------------------------------- introspection

  @Test
  void toolIntrospectionIsAnsweredAbusiveIntrospectionIsRefused() {
    String nine = IntStream.range(0, 9).mapToObj(i -> "t" + i + ": __type(name: \"User\") { name fields { name type { name ofType { name } } } }")
        .collect(Collectors.joining(" ", "{ ", " }"));
    PlanResult.Operation op = operation(planner.plan(nine, null, null));
    assertThat(planner.introspect(op)).hasSize(9);
    operation(planner.plan(IntrospectionQuery.INTROSPECTION_QUERY, "IntrospectionQuery", null));
    assertRejected(planner.plan("{ __schema { types { fields { type { fields { name } } } } } }", null, null),
        ErrorCode.BAD_USER_INPUT, "nests fields inside fields");
    assertRejected(planner.plan("{ __type(name: \"User\") { interfaces { possibleTypes { name } } } }", null, null),
        ErrorCode.BAD_USER_INPUT, "nests possibleTypes inside interfaces");
    assertRejected(planner.plan("query { ...Q } fragment Q on Query { __schema { queryType { fields { type { inputFields { name } } } } } }",
        null, null), ErrorCode.BAD_USER_INPUT, "nests inputFields inside fields");
  }

  @Test
  void introspectionCanBeTurnedOff() {
    Planner closed = new Planner(SCHEMA, new PlannerOptions(Limits.DEFAULTS, 10, 1 << 20, false), CODEC);
    assertRejected(closed.plan("{ __schema { queryType { name } } }", null, null),
        ErrorCode.GRAPHQL_VALIDATION_FAILED, "Introspection is disabled");
    assertRejected(closed.plan("query { users { id } ...T } fragment T on Query { t: __type(name: \"User\") { name } }", null, null),
        ErrorCode.GRAPHQL_VALIDATION_FAILED, "Introspection is disabled");
    PlanResult.Operation op = operation(closed.plan("{ __typename users { __typename id } }", null, null));
    assertThat(op.fields().get(0)).isEqualTo(new RootPlan.Typename("__typename", "Query"));
  }

  @Test
  void fragmentBombsAreRefusedWhileValidating() {
    StringBuilder q = new StringBuilder("{ users { ...F0 } }");
    for (int level = 0; level < 6; level++) {
      q.append(" fragment F").append(level).append(" on User { ");
      for (int i = 0; i < 10; i++) {
        q.append(level == 5 ? "a" + i + ": id " : "author { ...F" + (level + 1) + " } ");
      }
      q.append('}');
    }
    assertRejected(planner.plan(q.toString(), null, null), ErrorCode.BAD_USER_INPUT, "exceeds maximum allowed 2,000");
  }

  // --------------------------------------------------------------------------- document cache

  @Test
  void theDocumentCacheIsBoundedByWeightAsWellAsCount() {
    long bound = 2L << 20;
    Planner small = new Planner(SCHEMA, new PlannerOptions(Limits.DEFAULTS, 1_000, bound, true), CODEC);
    for (int i = 0; i < 200; i++) {
      String aliases = IntStream.range(0, 400).mapToObj(a -> "a" + a + ": email").collect(Collectors.joining(" "));
      operation(small.plan("{ u" + i + ": users { " + aliases + " } }", null, null));
      assertThat(small.documentCacheUsage()[1]).isLessThanOrEqualTo(bound);
    }
    long[] usage = small.documentCacheUsage();
    assertThat(usage[0]).isBetween(1L, 199L); // evicted by weight long before the count bound
    // one document heavier than the whole bound is planned, not kept
    Planner tiny = new Planner(SCHEMA, new PlannerOptions(Limits.DEFAULTS, 1_000, 1_000, true), CODEC);
    operation(tiny.plan("{ users { id email fullName } }", null, null));
    assertThat(tiny.documentCacheUsage()).containsExactly(0, 0);
    Planner none = new Planner(SCHEMA, new PlannerOptions(Limits.DEFAULTS, 0, bound, true), CODEC);
    operation(none.plan("{ users { id } }", null, null));
    assertThat(none.documentCacheUsage()[0]).isZero();
  }

  @Test
  void documentCacheEvictsLeastRecentlyUsedFirst() {
    DocumentCache<String> cache = new DocumentCache<>(3, 100);
    assertThat(cache.put("a", "A", 40)).isTrue();
    assertThat(cache.put("b", "B", 40)).isTrue();
    assertThat(cache.get("a")).isEqualTo("A"); // a is now the most recent
    assertThat(cache.put("c", "C", 40)).isTrue(); // 120 > 100: b goes
    assertThat(cache.get("b")).isNull();
    assertThat(cache.weight()).isEqualTo(80);
    assertThat(cache.put("a", "A2", 10)).isTrue(); // replacing re-weighs
    assertThat(cache.weight()).isEqualTo(50);
    assertThat(cache.put("d", "D", 1)).isTrue();
    assertThat(cache.put("e", "E", 1)).isTrue(); // four entries: the count bound evicts c
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("c")).isNull();
    assertThat(cache.put("huge", "H", 101)).isFalse();
    assertThat(cache.size()).isEqualTo(3);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.put("x", "X", -1))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DocumentCache<String>(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PlannerOptions(Limits.DEFAULTS, -1, 1, true))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PlannerOptions(Limits.DEFAULTS, 1, -1, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
