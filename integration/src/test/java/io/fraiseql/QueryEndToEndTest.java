package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Queries written from the contract alone, answered from a real PostgreSQL through the JDBC
 * backend, compared byte for byte with the expected response.
 */
class QueryEndToEndTest {
  static final String U1 = "00000000-0000-0000-0000-000000000001";
  static final String U2 = "00000000-0000-0000-0000-000000000002";
  static final String U3 = "00000000-0000-0000-0000-000000000003";
  static final String U4 = "00000000-0000-0000-0000-000000000004";
  static final String U5 = "00000000-0000-0000-0000-000000000005";

  static FraiseQL engine;

  @BeforeAll
  static void start() {
    DatabaseUrl url = BlogFixture.createDatabase("e2e");
    engine = BlogFixture.engine(url).build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /** The ids in a response, in order: "1" for U1, "101" for post 101, item ids as they are. */
  static String ids(String json) {
    Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      String id = m.group(1);
      sb.append(id.startsWith("00000000-0000-0000-0000-") ? Long.toString(Long.parseLong(id.substring(24))) : id);
    }
    return sb.toString();
  }

  @Test
  void listWithProjectionInSelectionOrderAndCamelCaseKeys() {
    assertThat(run(engine, "{ users(limit: 2) { email fullName id } }"))
        .isEqualTo("{\"data\":{\"users\":["
            + "{\"email\":\"ann@example.com\",\"fullName\":\"Ann Lee\",\"id\":\"" + U1 + "\"},"
            + "{\"email\":\"bob@example.com\",\"fullName\":\"Bob \\\"The Builder\\\" O'Neil\",\"id\":\"" + U2 + "\"}"
            + "]}}");
  }

  @Test
  void nestedObjectsListsAliasesAndTypename() {
    assertThat(run(engine, "{ posts(where: {title: {eq: \"Hello\"}}) { __typename t: title title"
            + " author { __typename name: fullName fullName } } }"))
        .isEqualTo("{\"data\":{\"posts\":[{\"__typename\":\"Post\",\"t\":\"Hello\",\"title\":\"Hello\","
            + "\"author\":{\"__typename\":\"Author\",\"name\":\"Ann Lee\",\"fullName\":\"Ann Lee\"}}]}}");
    assertThat(run(engine, "{ user(id: \"" + U1 + "\") { posts { title } tags } }"))
        .isEqualTo("{\"data\":{\"user\":{\"posts\":[{\"title\":\"Hello\"},{\"title\":\"World\"}],\"tags\":[\"a\", \"b\"]}}}");
  }

  @Test
  void absentKeysAndJsonNullsAreNull() {
    assertThat(run(engine, "{ user(id: \"" + U3 + "\") { fullName tags role } }"))
        .isEqualTo("{\"data\":{\"user\":{\"fullName\":null,\"tags\":null,\"role\":\"MEMBER\"}}}");
    assertThat(run(engine, "{ post(id: \"00000000-0000-0000-0000-000000000104\") { title price author { id } } }"))
        .isEqualTo("{\"data\":{\"post\":{\"title\":\"Orphan\",\"price\":null,\"author\":null}}}");
  }

  @Test
  void unicodeAndEscapesArriveIntact() {
    assertThat(run(engine, "{ user(id: \"" + U4 + "\") { email fullName } }"))
        .isEqualTo("{\"data\":{\"user\":{\"email\":\"dé@example.com\",\"fullName\":\"Zoë 😀 \\\\ back\\nslash\"}}}");
    assertThat(run(engine, "{ users(where: {fullName: {contains: \"😀 \\\\ back\\n\"}}) { id } }"))
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"" + U4 + "\"}]}}");
    assertThat(run(engine, "{ item(id: \"i4\") { name note } }"))
        .isEqualTo("{\"data\":{\"item\":{\"name\":null,\"note\":\"say \\\"hi\\\"\\\\ \\u0001\"}}}");
  }

  @Test
  void scalarsKeepTheirJsonTypes() {
    assertThat(run(engine, "{ item(id: \"i4\") { price qty } i2: item(id: \"i2\") { day at ref } }"))
        .isEqualTo("{\"data\":{\"item\":{\"price\":12345678901234567890.123456789,\"qty\":2147483647},"
            + "\"i2\":{\"day\":\"2026-01-10\",\"at\":\"2026-01-10T00:00:00+02:00\",\"ref\":\"123e4567-e89b-12d3-a456-426614174002\"}}}");
    assertThat(run(engine, "{ user(id: \"" + U1 + "\") { age score active createdAt } }"))
        .isEqualTo("{\"data\":{\"user\":{\"age\":30,\"score\":10.5,\"active\":true,\"createdAt\":\"2026-01-01T10:00:00+00:00\"}}}");
  }

  @Test
  void byIdMissIsNullAndBadUuidIsBadUserInput() {
    assertThat(run(engine, "{ user(id: \"00000000-0000-0000-0000-000000000999\") { id } }"))
        .isEqualTo("{\"data\":{\"user\":null}}");
    String bad = run(engine, "{ user(id: \"nope\") { id } }");
    assertThat(bad).startsWith("{\"data\":{\"user\":null},\"errors\":[{\"message\":\"Invalid id for Query.user:")
        .contains("\"path\":[\"user\"]", "\"code\":\"BAD_USER_INPUT\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // strings through the flat column (email) and the JSONB path (fullName)
    "email: {eq: \"ann@example.com\"}                 | 1",
    "email: {neq: \"ann@example.com\"}                | 2,3,4,5",
    "fullName: {neq: \"Ann Lee\"}                     | 2,4,5",
    "email: {contains: \"%_\"}                        | 5",
    "email: {contains: \"_\"}                         | 5",
    "email: {like: \"%n@%\"}                          | 1",
    "fullName: {icontains: \"ANN\"}                   | 1",
    "fullName: {startswith: \"Bob\"}                  | 2",
    "fullName: {istartswith: \"bob\"}                 | 2",
    "fullName: {endswith: \"off_sale\"}               | 5",
    "fullName: {iendswith: \"LEE\"}                   | 1",
    "fullName: {ilike: \"%o'n%\"}                     | 2",
    "fullName: {matches: \"^[AB]\"}                   | 1,2",
    "fullName: {imatches: \"^a\"}                     | 1",
    "fullName: {notMatches: \"^[AB]\"}                | 4,5",
    "fullName: {in: [\"Ann Lee\", \"nobody\"]}        | 1",
    "fullName: {nin: [\"Ann Lee\"]}                   | 2,4,5",
    "fullName: {nin: []}                              | 1,2,4,5",
    "fullName: {in: []}                               | ''",
    "fullName: {isnull: true}                         | 3",
    "fullName: {isnull: false}                        | 1,2,4,5",
    // numbers compared as numbers: 9 < 10 < 100 (as text '100' < '9')
    "age: {gt: 10}                                    | 1,3,5",
    "age: {lt: 10}                                    | 2",
    "age: {gte: 30, lte: 30}                          | 1,5",
    "age: {in: [9, 100]}                              | 2,3",
    "age: {nin: [9, 100]}                             | 1,5",
    "age: {neq: 30}                                   | 2,3",
    "age: {isnull: true}                              | 4",
    "score: {gt: 9.5}                                 | 1,3",
    "score: {lte: 9}                                  | 2,5",
    // timestamps as timestamps, across offsets
    "createdAt: {gt: \"2026-01-03T09:00:00Z\"}        | 3,4,5",
    "createdAt: {lt: \"2026-01-02T12:00:00+02:00\"}   | 1",
    "createdAt: {lte: \"2026-01-02T12:00:00+02:00\"}  | 1,2",
    "createdAt: {eq: \"2026-01-03T12:00:00+02:00\"}   | 3,4",
    // booleans and enums (JSONB path)
    "active: {eq: true}                               | 1,3",
    "active: {neq: true}                              | 2,5",
    "active: {isnull: true}                           | 4",
    "role: {eq: MEMBER}                               | 2,3",
    "role: {in: [ADMIN, GUEST]}                       | 1,4",
    "role: {nin: [ADMIN]}                             | 2,3,4",
    "role: {isnull: true}                             | 5",
    // ids (uuid flat column)
    "id: {eq: \"00000000-0000-0000-0000-000000000002\"} | 2",
    "id: {in: [\"00000000-0000-0000-0000-000000000002\", \"00000000-0000-0000-0000-000000000004\"]} | 2,4",
    "id: {neq: \"00000000-0000-0000-0000-000000000002\"} | 1,3,4,5",
    // logic at any depth, SQL three-valued NOT
    "OR: [{age: {lt: 10}}, {age: {gt: 50}}]           | 2,3",
    "AND: [{age: {gt: 5}}, {OR: [{active: {eq: false}}, {role: {eq: ADMIN}}]}] | 1,2,5",
    "NOT: {age: {eq: 30}}                             | 2,3",
    "NOT: {OR: [{age: {eq: 30}}, {active: {eq: true}}]} | 2",
    "AND: []                                          | 1,2,3,4,5",
    "OR: []                                           | ''",
    "email: {contains: \"example\"}, age: {gt: 20}    | 1,3,5",
  })
  void everyOperatorOnUsers(String where, String expected) {
    assertThat(ids(run(engine, "{ users(where: {" + where + "}) { id } }"))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "price: {gt: 9.5}                         | i2,i3,i4",
    "price: {lt: 10}                          | i1",
    "qty: {gte: 10}                           | i2,i3,i4",
    "qty: {in: [9, 100]}                      | i1,i3",
    "day: {lt: \"2026-01-01\"}                | i3",
    "day: {eq: \"2026-01-10\"}                | i2",
    "at: {lt: \"2026-01-09T23:00:00Z\"}       | i1,i2,i3",
    "at: {gt: \"2026-01-09T22:00:00+00:00\"}  | ''",
    "ref: {eq: \"123e4567-e89b-12d3-a456-426614174002\"} | i2",
    "ref: {isnull: true}                      | i3,i4",
    "name: {isnull: true}                     | i4",
    "id: {in: [\"i1\", \"i3\"]}               | i1,i3",
    "note: {contains: \"\\\"hi\\\"\\\\\"}     | i4",
  })
  void typedComparisonsThroughTheJsonbPath(String where, String expected) {
    assertThat(ids(run(engine, "{ items(where: {" + where + "}) { id } }"))).isEqualTo(expected);
  }

  @Test
  void embeddedObjectFilters() {
    assertThat(ids(run(engine, "{ posts(where: {author: {fullName: {eq: \"Ann Lee\"}}}) { id } }")))
        .isEqualTo("101,102");
    assertThat(ids(run(engine, "{ posts(where: {author: {email: {startswith: \"bob\"}}, published: {eq: true}}) { id } }")))
        .isEqualTo("103");
    assertThat(ids(run(engine, "{ posts(where: {NOT: {author: {fullName: {eq: \"Ann Lee\"}}}}) { id } }")))
        .isEqualTo("103");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{age: ASC}                 | 2,1,5,3,4",
    "{age: DESC}                | 4,3,1,5,2",
    "{age: ASC_NULLS_FIRST}     | 4,2,1,5,3",
    "{age: ASC_NULLS_LAST}      | 2,1,5,3,4",
    "{age: DESC_NULLS_FIRST}    | 4,3,1,5,2",
    "{age: DESC_NULLS_LAST}     | 3,1,5,2,4",
    "[{age: DESC_NULLS_LAST}, {email: DESC}] | 3,1,5,2,4",
    "{score: DESC_NULLS_LAST}   | 3,1,2,5,4",
    "{fullName: ASC}            | 1,2,5,4,3",
    "{createdAt: DESC}          | 5,3,4,2,1",
    "{active: ASC}              | 2,5,1,3,4",
    "{id: DESC}                 | 5,4,3,2,1",
  })
  void orderingWithNullsAndTies(String orderBy, String expected) {
    assertThat(ids(run(engine, "{ users(orderBy: " + orderBy + ") { id } }"))).isEqualTo(expected);
  }

  @Test
  void nestedOrderingAndTypedOrderingOnJsonb() {
    assertThat(ids(run(engine, "{ posts(orderBy: [{author: {fullName: DESC_NULLS_LAST}}, {price: DESC}]) { id } }")))
        .isEqualTo("103,102,101,104");
    assertThat(ids(run(engine, "{ items(orderBy: {price: DESC}) { id } }"))).isEqualTo("i4,i3,i2,i1");
    assertThat(ids(run(engine, "{ items(orderBy: {qty: ASC}) { id } }"))).isEqualTo("i1,i2,i3,i4");
  }

  @Test
  void limitAndOffsetPaginate() {
    assertThat(ids(run(engine, "{ users(limit: 2, offset: 1) { id } }"))).isEqualTo("2,3");
    assertThat(ids(run(engine, "{ users(offset: 4) { id } }"))).isEqualTo("5");
    assertThat(ids(run(engine, "{ users(limit: 0) { id } }"))).isEmpty();
    assertThat(run(engine, "{ users(limit: -1) { id } }"))
        .isEqualTo("{\"data\":null,\"errors\":[{\"message\":\"Query.users: limit must not be negative, got -1\","
            + "\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"users\"],\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
  }

  @Test
  void rootFieldOverridesTheSource() {
    assertThat(ids(run(engine, "{ activeUsers { id } }"))).isEqualTo("1,3");
  }

  @Test
  void fragmentsVariablesAndDirectives() {
    String query = "query Q($min: Int, $withMail: Boolean!, $noAge: Boolean!) {"
        + " users(where: {age: {gte: $min}}, orderBy: {age: DESC}) { ...Names ... on User { email @include(if: $withMail) }"
        + " age @skip(if: $noAge) } }"
        + " fragment Names on User { id name: fullName }";
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("min", 31);
    vars.put("withMail", true);
    vars.put("noAge", false);
    assertThat(run(engine, query, vars))
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"" + U3 + "\",\"name\":null,\"email\":\"cy@example.com\",\"age\":100}]}}");
    vars.put("withMail", false);
    vars.put("noAge", true);
    assertThat(run(engine, query, vars))
        .isEqualTo("{\"data\":{\"users\":[{\"id\":\"" + U3 + "\",\"name\":null}]}}");
  }

  @Test
  void severalRootFieldsAndOneFailing() {
    String json = run(engine, "{ a: users(limit: 1) { id } broken { id n } b: item(id: \"i1\") { name } }");
    assertThat(json).startsWith("{\"data\":{\"a\":[{\"id\":\"" + U1 + "\"}],\"broken\":null,\"b\":{\"name\":\"nine\"}},\"errors\":[")
        .contains("\"path\":[\"broken\"]", "\"code\":\"DATABASE_ERROR\"", "\"sqlState\":\"22012\"")
        .doesNotContainIgnoringCase("select")
        .doesNotContain("v_broken", "division");
  }

  @Test
  void typenameAndIntrospectionAtTheRoot() {
    assertThat(run(engine, "{ __typename }")).isEqualTo("{\"data\":{\"__typename\":\"Query\"}}");
    String json = run(engine, "{ __type(name: \"UserWhereInput\") { name inputFields { name } } n: __typename }");
    assertThat(json).startsWith("{\"data\":{\"__type\":{\"name\":\"UserWhereInput\",\"inputFields\":[{\"name\":\"AND\"},{\"name\":\"OR\"},{\"name\":\"NOT\"},{\"name\":\"id\"}")
        .endsWith(",\"n\":\"Query\"}}");
    assertThat(run(engine, "{ __schema { queryType { name } } users(limit: 1) { id } }"))
        .isEqualTo("{\"data\":{\"__schema\":{\"queryType\":{\"name\":\"Query\"}},\"users\":[{\"id\":\"" + U1 + "\"}]}}");
  }

  @Test
  void requestErrorsHaveCodesAndNoData() {
    assertThat(run(engine, "{ users { id }")).startsWith("{\"errors\":[{\"message\":")
        .contains("\"code\":\"GRAPHQL_PARSE_FAILED\"").doesNotContain("\"data\"");
    assertThat(run(engine, "{ users { nope } }")).startsWith("{\"errors\":[{\"message\":")
        .contains("\"locations\":[{\"line\":1,\"column\":11}]", "\"code\":\"GRAPHQL_VALIDATION_FAILED\"");
    assertThat(run(engine, "query Q($n: Int!) { users(limit: $n) { id } }", Map.of("n", "ten")))
        .startsWith("{\"errors\":[").contains("\"code\":\"BAD_USER_INPUT\"");
    assertThat(run(engine, "query Q($n: Int!) { users(limit: $n) { id } }"))
        .startsWith("{\"errors\":[").contains("\"code\":\"BAD_USER_INPUT\"");
    assertThat(run(engine, "{ items(where: {day: {eq: \"yesterday\"}}) { id } }"))
        .startsWith("{\"errors\":[").contains("Invalid Date", "GRAPHQL_VALIDATION_FAILED");
    assertThat(run(engine, "query A { users { id } } query B { items { id } }"))
        .contains("operationName", "GRAPHQL_VALIDATION_FAILED");
    assertThat(run(engine, "mutation { x }")).contains("\"errors\"").doesNotContain("\"data\"");
    assertThat(run(engine, "{ users(orderBy: {age: ASC, email: DESC}) { id } }"))
        .contains("{\"data\":null", "exactly one field", "BAD_USER_INPUT");
  }

  @Test
  void limitsAreEnforcedBeforeAnySql() {
    try (FraiseQL small = BlogFixture.engine(BlogFixture.createDatabase("limits"))
        .limits(new io.fraiseql.api.Limits(200, 3, 2, 50)).build()) {
      assertThat(run(small, "{ a: users { id } b: users { id } c: users { id } }"))
          .contains("3 root fields; the limit is 2", "BAD_USER_INPUT");
      assertThat(run(small, "{ users { posts { id } } }")).isEqualTo(
          "{\"data\":{\"users\":" + "[" + Arrays.stream(new String[] {"[{\"id\":\"00000000-0000-0000-0000-000000000101\"},{\"id\":\"00000000-0000-0000-0000-000000000102\"}]",
              "[{\"id\":\"00000000-0000-0000-0000-000000000103\"}]", "[]", "[]", "[]"})
              .map(p -> "{\"posts\":" + p + "}").collect(Collectors.joining(",")) + "]}}");
      assertThat(run(small, "{ users { id " + " ".repeat(200) + "} }")).contains("characters long", "BAD_USER_INPUT");
    }
  }

  @Test
  void theSameFieldUnderTwoAliasesWithDifferentArguments() {
    assertThat(run(engine, "{ young: users(where: {age: {lt: 10}}) { id } old: users(where: {age: {gt: 50}}) { id } }"))
        .isEqualTo("{\"data\":{\"young\":[{\"id\":\"" + U2 + "\"}],\"old\":[{\"id\":\"" + U3 + "\"}]}}");
  }

  @Test
  void asyncExecutionGivesTheSameBytes() throws Exception {
    String q = "{ users(orderBy: {age: DESC}) { id fullName } }";
    byte[] async = engine.executeAsync(io.fraiseql.api.GraphQLRequest.of(q)).toCompletableFuture().get();
    assertThat(new String(async, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(run(engine, q));
    assertThat(engine.ready().toCompletableFuture().get()).isTrue();
    assertThat(engine.backendId()).isEqualTo("jdbc");
  }

  @Test
  void explicitNullFiltersAreIgnoredLikeAbsentOnes() {
    assertThat(ids(run(engine, "{ users(where: {age: null, email: {eq: null}}) { id } }"))).isEqualTo("1,2,3,4,5");
    assertThat(List.of(ids(run(engine, "{ users(where: null, orderBy: null, limit: null) { id } }")))).containsExactly("1,2,3,4,5");
  }
}
