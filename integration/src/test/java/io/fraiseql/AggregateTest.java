package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.planner.PlanResult;
import io.fraiseql.planner.Planner;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.sql.SqlRenderer;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Aggregates and groups end to end, every rule of the contract on the blog fixture, each request
 * answered by the jdbc, vertx and r2dbc backends with the same bytes. Expected answers are written
 * with single quotes for readability ({@link #j}).
 */
class AggregateTest {
  static final Map<String, FraiseQL> ENGINES = new LinkedHashMap<>();
  static DatabaseUrl url;

  @BeforeAll
  static void start() {
    url = BlogFixture.createDatabase("aggregates");
    for (String id : ParityTest.BACKENDS) {
      ENGINES.put(id, BlogFixture.engine(url).backend(id).poolSize(2)
          .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id")).build());
    }
  }

  @AfterAll
  static void stop() {
    ENGINES.values().forEach(FraiseQL::close);
    ENGINES.clear();
  }

  /** The answer of every backend to the request; they must be byte-identical. */
  static String run(GraphQLRequest request) {
    String reference = null;
    for (Map.Entry<String, FraiseQL> e : ENGINES.entrySet()) {
      String answer = new String(e.getValue().execute(request), StandardCharsets.UTF_8);
      if (reference == null) {
        reference = answer;
      } else {
        assertThat(answer).as("%s vs jdbc for %s", e.getKey(), request.query()).isEqualTo(reference);
      }
    }
    return reference;
  }

  static String run(String query) {
    return run(GraphQLRequest.of(query));
  }

  static String run(String query, Map<String, Object> variables) {
    return run(GraphQLRequest.of(query, variables));
  }

  /** JSON written with single quotes. */
  static String j(String text) {
    return text.replace('\'', '"');
  }

  static String data(String field, String value) {
    return j("{'data':{'" + field + "':" + value + "}}");
  }

  // ------------------------------------------------------------------------------ aggregates

  @Test
  void aggregateOverEveryRowWithTheContractsNumberTypes() {
    // qty sums past 2^31 as an integer; numeric sums and averages as PostgreSQL writes numeric;
    // the average of Int is float8; DateTime extremes as timestamptz under UTC
    assertThat(run("{ itemsAggregate { count sum { qty price } avg { qty price }"
            + " min { qty price name day at } max { qty price name day at } } }"))
        .isEqualTo(data("itemsAggregate", "{'count':4,"
            + "'sum':{'qty':2147483766,'price':12345678901234568009.623456789},"
            + "'avg':{'qty':536870941.5,'price':3086419725308642002.405864197},"
            + "'min':{'qty':9,'price':9,'name':'hundred','day':'2025-12-31','at':'2025-12-31T23:59:59+00:00'},"
            + "'max':{'qty':2147483647,'price':12345678901234567890.123456789,'name':'ten','day':'2026-01-10',"
            + "'at':'2026-01-09T22:00:00+00:00'}}"));
  }

  @Test
  void averagesOfFloatAndIntAreFloat8AndOfBigDecimalNumeric() {
    // posts' price is Float: (9.5 + 10 + 100) / 3 as float8; users: avg(age) Int, avg(score) numeric
    assertThat(run("{ postsAggregate { sum { price } avg { price } } usersAggregate { sum { age score }"
            + " avg { age score } } }"))
        .isEqualTo(j("{'data':{'postsAggregate':{'sum':{'price':119.5},'avg':{'price':39.833333333333336}},"
            + "'usersAggregate':{'sum':{'age':169,'score':119.75},'avg':{'age':42.25,'score':29.9375000000000000}}}}"));
  }

  @Test
  void noRowsCountZeroAndEverythingElseNull() {
    assertThat(run("{ usersAggregate(where: {age: {gt: 1000}}) { count sum { age } avg { score }"
            + " min { email createdAt } max { fullName } } }"))
        .isEqualTo(data("usersAggregate", "{'count':0,'sum':{'age':null},'avg':{'score':null},"
            + "'min':{'email':null,'createdAt':null},'max':{'fullName':null}}"));
    // rows whose values are all null: counted, but their sum, average and extremes are null
    assertThat(run("{ postsAggregate(where: {title: {eq: \"Orphan\"}}) { count sum { price } avg { price }"
            + " min { price createdAt } } }"))
        .isEqualTo(data("postsAggregate", "{'count':1,'sum':{'price':null},'avg':{'price':null},"
            + "'min':{'price':null,'createdAt':null}}"));
    assertThat(run("{ userGroups(by: [{field: age}], where: {email: {eq: \"nobody\"}}) { count } }"))
        .isEqualTo(data("userGroups", "[]"));
  }

  @Test
  void whereFiltersRowsBeforeAggregating() {
    // a flat column (published, created_at) and a JSONB path (price) in one filter
    assertThat(run("{ postsAggregate(where: {published: {eq: true}, createdAt: {gte: \"2026-02-02T00:00:00Z\"},"
            + " price: {gt: 50}}) { count max { title } } }"))
        .isEqualTo(data("postsAggregate", "{'count':1,'max':{'title':'Third'}}"));
  }

  @Test
  void aliasesFragmentsTypenameAndOneComputationPerAggregate() {
    assertThat(run("query { a: usersAggregate { __typename n: count total: count s: sum { age }"
            + " t: sum { __typename score a2: age } ...F } } fragment F on UserAggregate { max { ... on UserExtremes"
            + " { age } } }"))
        .isEqualTo(data("a", "{'__typename':'UserAggregate','n':5,'total':5,'s':{'age':169},"
            + "'t':{'__typename':'UserSums','score':119.75,'a2':169},'max':{'age':100}}"));
  }

  @Test
  void rootFieldSourceOverrideAndSessionVariables() {
    String q = "{ tenantUsersAggregate { count min { email } } }";
    assertThat(run(GraphQLRequest.of(q).withAttributes(Map.of("x-tenant-id", "t1"))))
        .isEqualTo(data("tenantUsersAggregate", "{'count':3,'min':{'email':'50%_off@example.com'}}"));
    assertThat(run(GraphQLRequest.of(q).withAttributes(Map.of("x-tenant-id", "t2"))))
        .isEqualTo(data("tenantUsersAggregate", "{'count':2,'min':{'email':'bob@example.com'}}"));
    assertThat(run(q)).isEqualTo(data("tenantUsersAggregate", "{'count':0,'min':{'email':null}}"));
  }

  @Test
  void aFailingAggregateIsNullAndTheOthersAnswer() {
    String answer = run("{ brokenAggregate { count max { n } } postsAggregate { count } }");
    assertThat(answer).startsWith(j("{'data':{'brokenAggregate':null,'postsAggregate':{'count':4}},'errors':[{"))
        .contains(j("'path':['brokenAggregate']"), "DATABASE_ERROR", "22012").doesNotContain("SELECT");
  }

  // ---------------------------------------------------------------------------------- groups

  @Test
  void groupKeysOfEveryTypeAndFieldsNotGroupedOnAreNull() {
    assertThat(run("{ userGroups(by: [{field: role}]) { key { role age } count } }"))
        .isEqualTo(data("userGroups", "[{'key':{'role':'ADMIN','age':null},'count':1},"
            + "{'key':{'role':'GUEST','age':null},'count':1},{'key':{'role':'MEMBER','age':null},'count':2},"
            + "{'key':{'role':null,'age':null},'count':1}]"));
    assertThat(run("{ userGroups(by: [{field: active}, {field: age}]) { key { active age } count } }"))
        .isEqualTo(data("userGroups", "[{'key':{'active':false,'age':9},'count':1},"
            + "{'key':{'active':false,'age':30},'count':1},{'key':{'active':true,'age':30},'count':1},"
            + "{'key':{'active':true,'age':100},'count':1},{'key':{'active':null,'age':null},'count':1}]"));
    assertThat(run("{ userGroups(by: [{field: score}], limit: 2) { key { score } } }"))
        .isEqualTo(data("userGroups", "[{'key':{'score':0}},{'key':{'score':9}}]"));
    assertThat(run("{ userGroups(by: [{field: email}], limit: 1) { key { email id } } }"))
        .isEqualTo(data("userGroups", "[{'key':{'email':'50%_off@example.com','id':null}}]"));
    assertThat(run("{ postGroups(by: [{field: price}, {field: id}], limit: 2) { key { price id } } }"))
        .isEqualTo(data("postGroups", "[{'key':{'price':9.5,'id':'00000000-0000-0000-0000-000000000101'}},"
            + "{'key':{'price':10,'id':'00000000-0000-0000-0000-000000000102'}}]"));
    assertThat(run("{ itemGroups(by: [{field: ref}, {field: day}, {field: at}, {field: id}], limit: 1) {"
            + " key { ref day at id } } }"))
        .isEqualTo(data("itemGroups", "[{'key':{'ref':'123e4567-e89b-12d3-a456-426614174001','day':'2026-01-09',"
            + "'at':'2026-01-09T12:00:00+00:00','id':'i1'}}]"));
  }

  @Test
  void rowsWithANullKeyFormOneGroup() {
    assertThat(run("{ itemGroups(by: [{field: note}]) { key { note } count min { name } } }"))
        .isEqualTo(data("itemGroups", "[{'key':{'note':'say \\\"hi\\\"\\\\ \\u0001'},'count':1,'min':{'name':null}},"
            + "{'key':{'note':null},'count':3,'min':{'name':'hundred'}}]"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "HOUR   | {'at':'2025-12-31T23:00:00+00:00'},1 | {'at':'2026-01-09T12:00:00+00:00'},1 | {'at':'2026-01-09T22:00:00+00:00'},1",
      "DAY    | {'at':'2025-12-31T00:00:00+00:00'},1 | {'at':'2026-01-09T00:00:00+00:00'},2 |",
      "WEEK   | {'at':'2025-12-29T00:00:00+00:00'},1 | {'at':'2026-01-05T00:00:00+00:00'},2 |",
      "MONTH  | {'at':'2025-12-01T00:00:00+00:00'},1 | {'at':'2026-01-01T00:00:00+00:00'},2 |",
      "QUARTER| {'at':'2025-10-01T00:00:00+00:00'},1 | {'at':'2026-01-01T00:00:00+00:00'},2 |",
      "YEAR   | {'at':'2025-01-01T00:00:00+00:00'},1 | {'at':'2026-01-01T00:00:00+00:00'},2 |"})
  void dateTimeBucketsStartTheirPeriodInUtc(String bucket, String first, String second, String third) {
    // i2 is 2026-01-10T00:00:00+02:00, that is 2026-01-09 in UTC; i4 has no timestamp
    StringBuilder expected = new StringBuilder("[");
    for (String g : third == null ? List.of(first, second) : List.of(first, second, third)) {
      int comma = g.lastIndexOf(',');
      expected.append("{'key':").append(g, 0, comma).append(",'count':").append(g.substring(comma + 1)).append("},");
    }
    expected.append("{'key':{'at':null},'count':1}]");
    assertThat(run("{ itemGroups(by: [{field: at, bucket: " + bucket + "}]) { key { at } count } }"))
        .isEqualTo(data("itemGroups", expected.toString()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "HOUR    | 2025-12-31 | 2026-01-09 | 2026-01-10",
      "DAY     | 2025-12-31 | 2026-01-09 | 2026-01-10",
      "WEEK    | 2025-12-29 | 2026-01-05 | 2026-01-05",
      "MONTH   | 2025-12-01 | 2026-01-01 | 2026-01-01",
      "QUARTER | 2025-10-01 | 2026-01-01 | 2026-01-01",
      "YEAR    | 2025-01-01 | 2026-01-01 | 2026-01-01"})
  void dateBucketsAreDates(String bucket, String i3, String i1, String i2) {
    String answer = run("{ itemGroups(by: [{field: day, bucket: " + bucket + "}]) { key { day } min { name } } }");
    List<String> keys = new java.util.ArrayList<>(new java.util.TreeSet<>(List.of(i3, i1, i2)));
    StringBuilder expected = new StringBuilder("[");
    for (String k : keys) {
      String name = k.equals(i3) ? "hundred" : k.equals(i1) ? "nine" : "ten";
      expected.append("{'key':{'day':'").append(k).append("'},'min':{'name':'").append(name).append("'}},");
    }
    expected.append("{'key':{'day':null},'min':{'name':null}}]");
    assertThat(answer).isEqualTo(data("itemGroups", expected.toString()));
  }

  @Test
  void havingConditionsAreAndedAndTyped() {
    String groups = "{ key { age } count }";
    assertThat(run("{ userGroups(by: [{field: age}], having: {count: {gte: 2}}) " + groups + " }"))
        .isEqualTo(data("userGroups", "[{'key':{'age':30},'count':2}]"));
    assertThat(run("{ userGroups(by: [{field: age}], having: {count: {eq: 1}, sum: {score: {gt: 5}}}) "
            + groups + " }"))
        .isEqualTo(data("userGroups", "[{'key':{'age':9},'count':1},{'key':{'age':100},'count':1}]"));
    // sums of Int compare as BigDecimal, averages of Int as Float, extremes with the field's type
    assertThat(run("{ userGroups(by: [{field: role}], having: {sum: {age: {gte: 30.5}}, avg: {age: {lt: 100.0}},"
            + " min: {createdAt: {lt: \"2026-01-03T00:00:00Z\"}}, max: {email: {neq: \"x\"}}}) { key { role } } }"))
        .isEqualTo(data("userGroups", "[{'key':{'role':'MEMBER'}}]"));
    assertThat(run("{ itemGroups(by: [{field: id}], having: {min: {day: {gte: \"2026-01-01\"}}, max: {price: {lte: 9.5}},"
            + " count: {neq: 0, lte: 1}}) { key { id } } }"))
        .isEqualTo(data("itemGroups", "[{'key':{'id':'i1'}}]"));
    // a null aggregate (only nulls) never matches; explicit nulls are no condition
    assertThat(run("{ userGroups(by: [{field: role}], having: {avg: {score: {gte: 0}}, count: null,"
            + " max: {age: null}}) { key { role } } }"))
        .isEqualTo(data("userGroups", "[{'key':{'role':'ADMIN'}},{'key':{'role':'MEMBER'}},{'key':{'role':null}}]"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // age groups: 9 (1 row), 30 (2), 100 (1), null (1); ties follow the key ascending, nulls last
      "{count: DESC}                              | 30,9,100,null",
      "{count: ASC}                               | 9,100,null,30",
      "{key: {age: DESC}}                         | null,100,30,9",
      "{key: {age: DESC_NULLS_LAST}}              | 100,30,9,null",
      "{key: {age: ASC_NULLS_FIRST}}              | null,9,30,100",
      "{sum: {score: DESC}}                       | null,100,30,9",
      "{avg: {score: ASC}}                        | 30,9,100,null",
      "{min: {email: ASC}}                        | 30,9,100,null",
      "{max: {createdAt: DESC}}                   | 30,100,null,9",
      "{min: {createdAt: ASC}}                    | 30,9,100,null"})
  void everyOrderFormIsTotal(String order, String ages) {
    String answer = run("{ userGroups(by: [{field: age}], orderBy: [" + order + "]) { key { age } } }");
    StringBuilder expected = new StringBuilder("[");
    for (String age : ages.split(",")) {
      expected.append(expected.length() > 1 ? "," : "").append("{'key':{'age':").append(age).append("}}");
    }
    assertThat(answer).isEqualTo(data("userGroups", expected.append(']').toString()));
  }

  @Test
  void severalOrderItemsAndKeyTieBreakersInByOrder() {
    // max createdAt ties between GUEST and MEMBER (2026-01-03): the key breaks the tie
    assertThat(run("{ userGroups(by: [{field: role}], orderBy: [{max: {createdAt: DESC}}]) { key { role } } }"))
        .isEqualTo(data("userGroups", "[{'key':{'role':null}},{'key':{'role':'GUEST'}},{'key':{'role':'MEMBER'}},"
            + "{'key':{'role':'ADMIN'}}]"));
    // two keys, all counts 1: ordered by role descending (nulls first), then by active (asc, nulls last)
    assertThat(run("{ userGroups(by: [{field: active}, {field: role}], orderBy: [{count: DESC}, {key: {role: DESC}}])"
            + " { key { active role } count } }"))
        .isEqualTo(data("userGroups", "[{'key':{'active':false,'role':null},'count':1},"
            + "{'key':{'active':false,'role':'MEMBER'},'count':1},{'key':{'active':true,'role':'MEMBER'},'count':1},"
            + "{'key':{'active':null,'role':'GUEST'},'count':1},{'key':{'active':true,'role':'ADMIN'},'count':1}]"));
  }

  @Test
  void limitAndOffsetPageTheGroups() {
    String q = "{ userGroups(by: [{field: age}], limit: 2, offset: 1) { key { age } } }";
    assertThat(run(q)).isEqualTo(data("userGroups", "[{'key':{'age':30}},{'key':{'age':100}}]"));
    assertThat(run("{ userGroups(by: [{field: age}], limit: 0) { count } }")).isEqualTo(data("userGroups", "[]"));
    assertThat(run("{ userGroups(by: [{field: age}], offset: 10) { count } }")).isEqualTo(data("userGroups", "[]"));
  }

  @Test
  void variablesReachEveryArgument() {
    String q = "query G($by: [UserGroupBy!]!, $having: UserHaving, $order: [UserGroupOrderBy!], $limit: Int,"
        + " $where: UserWhereInput) { userGroups(by: $by, having: $having, orderBy: $order, limit: $limit,"
        + " where: $where) { key { createdAt role } count } }";
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("by", List.of(Map.of("field", "createdAt", "bucket", "DAY"), Map.of("field", "role")));
    vars.put("having", Map.of("count", Map.of("gte", 1)));
    vars.put("order", List.of(Map.of("key", Map.of("createdAt", "DESC"))));
    vars.put("limit", 2);
    vars.put("where", Map.of("email", Map.of("neq", "ann@example.com")));
    assertThat(run(q, vars)).isEqualTo(data("userGroups", "[{'key':{'createdAt':'2026-01-05T00:00:00+00:00',"
        + "'role':null},'count':1},{'key':{'createdAt':'2026-01-03T00:00:00+00:00','role':'GUEST'},'count':1}]"));
    vars.put("by", List.of(Map.of("field", "email", "bucket", "YEAR")));
    assertThat(run(q, vars)).contains("BAD_USER_INPUT", "by[0].bucket YEAR applies to Date and DateTime fields only");
    vars.put("by", List.of(Map.of("field", "nosuch")));
    assertThat(run(q, vars)).startsWith(j("{'errors':[")).contains("BAD_USER_INPUT");
    assertThat(run("query A($w: UserWhereInput) { usersAggregate(where: $w) { count } }",
        Map.of("w", Map.of("age", Map.of("gte", 30))))).isEqualTo(data("usersAggregate", "{'count':3}"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "by: []                                                    | by names no field; group by at least one",
      "by: [{field: age}, {field: age}]                          | by[1] groups on age again (by[0] already does)",
      "by: [{field: createdAt, bucket: DAY}, {field: createdAt, bucket: MONTH}] | by[1] groups on createdAt again",
      "by: [{field: age, bucket: DAY}]                           | by[0].bucket DAY applies to Date and DateTime fields only; age is Int",
      "by: [{field: role, bucket: YEAR}]                         | role is Role",
      "by: [{field: age}], orderBy: [{count: ASC, key: {age: ASC}}] | orderBy[0] sets count and key; each item takes exactly one",
      "by: [{field: age}], orderBy: [{}]                         | orderBy[0] is empty; set count, key, sum, avg, min or max",
      "by: [{field: age}], orderBy: [{sum: {age: ASC, score: ASC}}] | orderBy[0].sum sets age and score",
      "by: [{field: age}], orderBy: [{count: ASC}, {max: {}}]    | orderBy[1].max is empty; set one field",
      "by: [{field: age}], orderBy: [{key: {role: ASC}}]         | orderBy[0].key.role: role is not a group key",
      "by: [{field: age}], limit: -1                             | limit must not be negative, got -1",
      "by: [{field: age}], offset: -2                            | offset must not be negative, got -2"})
  void badArgumentsAreBadUserInput(String arguments, String message) {
    String answer = run("{ userGroups(" + arguments + ") { count } usersAggregate { count } }");
    // the group field is non-null, so its error nulls data
    assertThat(answer).startsWith(j("{'data':null,'errors':[{'message':'Query.userGroups: "))
        .contains(message, j("'path':['userGroups']"), "BAD_USER_INPUT");
  }

  // ---------------------------------------------------------------------------- the plan

  @Test
  void onlyTheSelectedAggregatesAreComputedFromFlatColumnsWhereTheViewHasThem() {
    Planner planner = new Planner(ENGINES.get("jdbc").schema());
    SqlStatement st = statement(planner, "{ usersAggregate { a: sum { age } b: sum { age score } } }");
    assertThat(st.sql()).isEqualTo("SELECT jsonb_build_object('sum', jsonb_build_object('age', sum(t.\"age\"),"
        + " 'score', sum((t.\"data\"->>'score')::numeric))) FROM \"v_user\" t");
    SqlStatement groups = statement(planner, "{ userGroups(by: [{field: createdAt, bucket: WEEK}, {field: score}],"
        + " where: {age: {gt: 1}}, having: {count: {gt: 0}}, orderBy: [{avg: {age: DESC}}], limit: 5)"
        + " { key { score } } }");
    assertThat(groups.sql()).isEqualTo("SELECT jsonb_build_object('key', jsonb_build_object('created_at',"
        + " date_trunc('week', t.\"created_at\", 'UTC'), 'score', (t.\"data\"->>'score')::numeric))"
        + " FROM \"v_user\" t WHERE t.\"age\" > CAST(? AS integer)"
        + " GROUP BY date_trunc('week', t.\"created_at\", 'UTC'), (t.\"data\"->>'score')::numeric"
        + " HAVING count(*) > CAST(? AS integer)"
        + " ORDER BY CAST(avg(t.\"age\") AS double precision) DESC, date_trunc('week', t.\"created_at\", 'UTC')"
        + " ASC NULLS LAST, (t.\"data\"->>'score')::numeric ASC NULLS LAST LIMIT CAST(? AS integer)");
    assertThat(groups.params()).containsExactly(1, 0, 5);
    assertThat(groups.maxRows()).isEqualTo(5);
  }

  private static SqlStatement statement(Planner planner, String query) {
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(query, null, Map.of());
    return new SqlRenderer(BindStyle.QUESTION_MARK).aggregate(((RootPlan.Aggregate) op.fields().get(0)).query());
  }

  @Test
  void aFilterAndAGroupKeyOnFlatColumnsUseTheBaseTablesIndex() throws Exception {
    DatabaseUrl big = BlogFixture.createDatabase("agg_explain");
    TestDatabase.execute(big, "INSERT INTO tb_post (id, author_id, title, price, published, created_at)"
        + " SELECT md5('p' || g)::uuid, NULL, 'bulk ' || g, g, g % 2 = 0, timestamptz '2025-01-01' + g * interval '1 minute'"
        + " FROM generate_series(1, 20000) g; ANALYZE tb_post");
    try (FraiseQL engine = BlogFixture.engine(big).poolSize(1).build()) {
      Planner planner = new Planner(engine.schema());
      SqlStatement groups = statement(planner, "{ postGroups(by: [{field: createdAt}],"
          + " where: {createdAt: {gte: \"2025-01-10T00:00:00Z\"}}, limit: 5) { key { createdAt } count } }");
      assertThat(BlogFixture.explain(big, groups)).contains("Index", "tb_post_created_at_id").doesNotContain("Seq Scan");
      SqlStatement aggregate = statement(planner, "{ postsAggregate(where: {createdAt: {gte:"
          + " \"2025-01-14T00:00:00Z\"}}) { count max { createdAt } } }");
      assertThat(BlogFixture.explain(big, aggregate)).contains("Index", "tb_post_created_at_id").doesNotContain("Seq Scan");
      assertThat(BlogFixture.run(engine, "{ postGroups(by: [{field: createdAt, bucket: DAY}],"
              + " where: {createdAt: {gte: \"2025-01-10T00:00:00Z\"}}, limit: 2) { key { createdAt } count } }"))
          .isEqualTo(data("postGroups", "[{'key':{'createdAt':'2025-01-10T00:00:00+00:00'},'count':1440},"
              + "{'key':{'createdAt':'2025-01-11T00:00:00+00:00'},'count':1440}]"));
    }
  }


  // ------------------------------------------------------------------------- introspection

  @Test
  void theGeneratedTypesAreIntrospectableWithDescriptions() {
    for (String type : List.of("UserAggregate", "UserGroup", "UserGroupKey", "UserSums", "UserAvgs", "UserExtremes",
        "UserGroupBy", "UserGroupField", "UserHaving", "UserGroupOrderBy", "TimeBucket", "IntComparison")) {
      String answer = run("{ __type(name: \"" + type + "\") { name description } }");
      assertThat(answer).as(type).startsWith(j("{'data':{'__type':{'name':'" + type + "','description':'"));
    }
    assertThat(run("{ __type(name: \"TimeBucket\") { enumValues { name description } } }"))
        .contains(j("{'name':'WEEK','description':'The start of the week: Monday.'}"));
    assertThat(run("{ __type(name: \"UserGroupField\") { enumValues { name } } }"))
        .isEqualTo(j("{'data':{'__type':{'enumValues':[{'name':'id'},{'name':'email'},{'name':'fullName'},"
            + "{'name':'age'},{'name':'score'},{'name':'active'},{'name':'createdAt'},{'name':'role'}]}}}"));
    assertThat(run("{ __type(name: \"UserSums\") { fields { name description type { name } } } }"))
        .isEqualTo(j("{'data':{'__type':{'fields':[{'name':'age','description':'Sum of age.','type':{'name':'BigDecimal'}},"
            + "{'name':'score','description':'Sum of score.','type':{'name':'BigDecimal'}}]}}}"));
    String field = run("{ __type(name: \"Query\") { fields { name args { name description type { kind name"
        + " ofType { kind name ofType { kind name ofType { name } } } } } } } }");
    assertThat(field).contains(j("{'name':'userGroups','args':[{'name':'by','description':'The group keys, most"
        + " significant first: at least one field, each at most once.','type':{'kind':'NON_NULL','name':null,"
        + "'ofType':{'kind':'LIST','name':null,'ofType':{'kind':'NON_NULL','name':null,'ofType':{'name':'UserGroupBy'}}}}}"));
    assertThat(field).contains(j("{'name':'usersAggregate','args':[{'name':'where','description':'Only rows matching"
        + " this filter take part.','type':{'kind':'INPUT_OBJECT','name':'UserWhereInput','ofType':null}}]}"));
  }

  // ---------------------------------------------------------------------- row-level security

  @Test
  void rowLevelSecurityPoliciesApplyToAggregates() {
    DatabaseUrl secured = TestDatabase.get().createDatabase("agg_rls");
    String role = "agg_app_" + secured.database().replaceAll("[^a-z0-9_]", "");
    role = role.substring(0, Math.min(role.length(), 60));
    TestDatabase.execute(secured, "CREATE TABLE tb_ledger (id int PRIMARY KEY, tenant text NOT NULL, amount int,"
        + " data jsonb NOT NULL);"
        + " INSERT INTO tb_ledger SELECT g, CASE WHEN g % 3 = 0 THEN 't2' ELSE 't1' END, g,"
        + " jsonb_build_object('id', g, 'tenant', CASE WHEN g % 3 = 0 THEN 't2' ELSE 't1' END, 'amount', g)"
        + " FROM generate_series(1, 9) g;"
        + " ALTER TABLE tb_ledger ENABLE ROW LEVEL SECURITY;"
        + " CREATE POLICY tenant_rows ON tb_ledger USING (tenant = current_setting('app.tenant_id', true));"
        + " DROP ROLE IF EXISTS \"" + role + "\"; CREATE ROLE \"" + role + "\" LOGIN PASSWORD 'agg-secret';"
        + " GRANT SELECT ON tb_ledger TO \"" + role + "\"");
    String sdl = "type Ledger @sqlSource(name: \"tb_ledger\") { id: ID! tenant: String amount: Int }"
        + " type Query { ledgerAggregate: LedgerAggregate! ledgerGroups: [LedgerGroup!]! }";
    DatabaseUrl asApp = DatabaseUrl.of(secured.host(), secured.port(), secured.database(), role, "agg-secret");
    try {
      for (String backend : ParityTest.BACKENDS) {
        try (FraiseQL engine = FraiseQL.builder().schema(sdl).databaseUrl(asApp).backend(backend).poolSize(1)
            .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id")).build()) {
          String q = "{ ledgerAggregate { count sum { amount } } ledgerGroups(by: [{field: tenant}]) { key { tenant } count } }";
          assertThat(new String(engine.execute(GraphQLRequest.of(q).withAttributes(Map.of("x-tenant-id", "t2"))),
              StandardCharsets.UTF_8)).as(backend).isEqualTo(j("{'data':{'ledgerAggregate':{'count':3,'sum':{'amount':18}},"
              + "'ledgerGroups':[{'key':{'tenant':'t2'},'count':3}]}}"));
          assertThat(new String(engine.execute(GraphQLRequest.of(q)), StandardCharsets.UTF_8)).as(backend)
              .isEqualTo(j("{'data':{'ledgerAggregate':{'count':0,'sum':{'amount':null}},'ledgerGroups':[]}}"));
        }
      }
    } finally {
      TestDatabase.execute(secured, "DROP OWNED BY \"" + role + "\"");
      TestDatabase.execute(TestDatabase.get().serverUrl(), "DROP ROLE IF EXISTS \"" + role + "\"");
    }
  }
}
