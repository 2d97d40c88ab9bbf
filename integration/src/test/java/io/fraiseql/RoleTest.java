package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request's role (from a verified claim) runs every transaction under that role on every
 * backend: row-level security policies written {@code TO role} select the rows, with another claim
 * as a session variable; reads and mutations alike; refused roles are FORBIDDEN.
 */
class RoleTest {
  static final Map<String, FraiseQL> ENGINES = new LinkedHashMap<>();
  static DatabaseUrl url;
  static String viewer;
  static String admin;

  @BeforeAll
  static void start() {
    url = TestDatabase.get().createDatabase("roles");
    viewer = url.database() + "_viewer";
    admin = url.database() + "_admin";
    TestDatabase.execute(url, BlogFixture.resource("../roles/schema.sql")
        .replace("${viewer}", "\"" + viewer + "\"").replace("${admin}", "\"" + admin + "\""));
    for (String id : ParityTest.BACKENDS) {
      ENGINES.put(id, FraiseQL.builder().schema(BlogFixture.resource("../roles/schema.graphql")).databaseUrl(url)
          .backend(id).poolSize(2)
          .role(r -> r.attributes().get("claim:role"))
          .sessionVariable(SessionVariable.parse("app.user_id=claim:sub"))
          .build());
    }
  }

  @AfterAll
  static void stop() {
    ENGINES.values().forEach(FraiseQL::close);
    ENGINES.clear();
    TestDatabase.execute(url, "DROP OWNED BY \"" + viewer + "\", \"" + admin + "\"");
    TestDatabase.execute(TestDatabase.get().serverUrl(), "DROP ROLE IF EXISTS \"" + viewer + "\"; DROP ROLE IF EXISTS \"" + admin + "\"");
  }

  /** The request run on every backend; the answers must be byte-identical, and this one is returned. */
  static String run(String query, String role, String sub) {
    Map<String, String> claims = new HashMap<>();
    if (role != null) {
      claims.put("claim:role", role);
    }
    if (sub != null) {
      claims.put("claim:sub", sub);
    }
    String reference = null;
    for (Map.Entry<String, FraiseQL> e : ENGINES.entrySet()) {
      String answer = new String(e.getValue().execute(GraphQLRequest.of(query).withAttributes(claims)), StandardCharsets.UTF_8);
      if (reference == null) {
        reference = answer;
      }
      assertThat(answer).as("%s on %s vs jdbc", query, e.getKey()).isEqualTo(reference);
    }
    return reference;
  }

  @ParameterizedTest
  @ValueSource(strings = {"{ docs { id title seenBy } }", "{ docs(limit: 10) { id title seenBy } }"})
  void aPolicyForTheRoleSelectsTheRowsOfTheClaim(String query) {
    assertThat(run(query, viewer, "alice")).isEqualTo("{\"data\":{\"docs\":[{\"id\":\"1\",\"title\":\"a1\",\"seenBy\":\""
        + viewer + "\"},{\"id\":\"3\",\"title\":\"a2\",\"seenBy\":\"" + viewer + "\"}]}}");
    assertThat(run(query, viewer, "bob")).isEqualTo("{\"data\":{\"docs\":[{\"id\":\"2\",\"title\":\"b1\",\"seenBy\":\""
        + viewer + "\"}]}}");
    assertThat(run(query, viewer, null)).isEqualTo("{\"data\":{\"docs\":[]}}");
    assertThat(run(query, admin, null)).contains("\"id\":\"1\"", "\"id\":\"2\"", "\"id\":\"3\"", admin);
    // no role: the connection's own (a superuser here, which row-level security does not restrict)
    assertThat(run(query, null, "alice")).contains("\"id\":\"2\"", "\"seenBy\":\"" + url.user() + "\"");
  }

  @Test
  void aReadByIdOfAnotherOwnersRowIsNull() {
    assertThat(run("{ doc(id: \"2\") { title } }", viewer, "alice")).isEqualTo("{\"data\":{\"doc\":null}}");
    assertThat(run("{ doc(id: \"2\") { title } }", viewer, "bob")).isEqualTo("{\"data\":{\"doc\":{\"title\":\"b1\"}}}");
  }

  @Test
  void mutationsRunUnderTheRoleToo() throws Exception {
    FraiseQL jdbc = ENGINES.get("jdbc");
    String created = new String(jdbc.execute(GraphQLRequest.of("mutation { createDoc(input: {id: \"10\", title: \"new\"}) { id owner seenBy } }")
        .withAttributes(Map.of("claim:role", viewer, "claim:sub", "carol"))), StandardCharsets.UTF_8);
    assertThat(created).isEqualTo("{\"data\":{\"createDoc\":{\"id\":\"10\",\"owner\":\"carol\",\"seenBy\":\"" + viewer + "\"}}}");
    for (String backend : List.of("vertx", "r2dbc")) {
      int id = backend.equals("vertx") ? 11 : 12;
      assertThat(new String(ENGINES.get(backend).execute(GraphQLRequest.of("mutation { createDoc(input: {id: \"" + id
              + "\", title: \"new\"}) { owner seenBy } }").withAttributes(Map.of("claim:role", viewer, "claim:sub", "carol"))),
          StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"createDoc\":{\"owner\":\"carol\",\"seenBy\":\"" + viewer + "\"}}}");
    }
    assertThat(run("{ docs { id } }", viewer, "carol")).isEqualTo("{\"data\":{\"docs\":[{\"id\":\"10\"},{\"id\":\"11\"},{\"id\":\"12\"}]}}");
    // a row the policy would not let the role see again is refused by its WITH CHECK, and nothing is written
    Map<String, String> noSub = Map.of("claim:role", viewer);
    for (FraiseQL engine : ENGINES.values()) {
      assertThat(new String(engine.execute(GraphQLRequest.of("mutation { createDoc(input: {id: \"20\", title: \"x\"}) { id } }")
          .withAttributes(noSub)), StandardCharsets.UTF_8)).contains("\"createDoc\":null", "DATABASE_ERROR", "42501");
    }
    assertThat(run("{ docs { id } }", admin, null)).doesNotContain("\"20\"");
  }

  @Test
  void aRoleTheDatabaseRefusesIsForbiddenForReadsAndMutations() {
    String read = run("{ doc(id: \"1\") { title } docs { id } }", "no such role", "alice");
    assertThat(read).startsWith("{\"data\":null,\"errors\":[")
        .contains("\"code\":\"FORBIDDEN\"", "\"path\":[\"doc\"]", "The database refused the role of this request")
        .doesNotContain("no such role", "does not exist");
    for (FraiseQL engine : ENGINES.values()) {
      assertThat(new String(engine.execute(GraphQLRequest.of("mutation { createDoc(input: {id: \"30\", title: \"x\"}) { id } }")
          .withAttributes(Map.of("claim:role", "no such role"))), StandardCharsets.UTF_8))
          .contains("\"createDoc\":null", "\"code\":\"FORBIDDEN\"");
    }
    assertThat(run("{ docs { id } }", admin, null)).doesNotContain("\"30\"");
    // "none" would switch back to the login role: refused before any SQL
    assertThat(run("{ docs { id } }", "none", null)).isEqualTo(
        "{\"errors\":[{\"message\":\"The role of this request is not allowed\",\"extensions\":{\"code\":\"FORBIDDEN\"}}]}");
  }

  @Test
  void theSummaryTellsOperationErrorsAndRows() throws Exception {
    FraiseQL engine = ENGINES.get("vertx");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExecutionSummary read = engine.execute(GraphQLRequest.of("query Mine { docs { id } }")
        .withAttributes(Map.of("claim:role", admin)), out);
    assertThat(read.operationType()).isEqualTo("query");
    assertThat(read.operationName()).isEqualTo("Mine");
    assertThat(read.succeeded()).isTrue();
    assertThat(read.rows()).isGreaterThanOrEqualTo(3);
    ExecutionSummary refused = engine.execute(GraphQLRequest.of("{ a: doc(id: \"1\") { id } b: doc(id: \"2\") { id } }")
        .withAttributes(Map.of("claim:role", "nobody at all")), new ByteArrayOutputStream());
    assertThat(refused.operationName()).isNull();
    assertThat(refused.errors()).containsExactly(ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN);
    assertThat(refused.rows()).isZero();
    ExecutionSummary invalid = engine.execute(GraphQLRequest.of("{ nope }"), new ByteArrayOutputStream());
    assertThat(invalid.operationType()).isNull();
    assertThat(invalid.errors()).containsExactly(ErrorCode.GRAPHQL_VALIDATION_FAILED);
    ExecutionSummary mutation = engine.execute(new GraphQLRequest(
        "query Q { docs { id } } mutation M { createDoc(input: {id: \"40\", title: \"m\"}) { id } }", "M", Map.of(),
        Map.of("claim:role", admin)), new ByteArrayOutputStream());
    assertThat(mutation.operationType()).isEqualTo("mutation");
    assertThat(mutation.operationName()).isEqualTo("M");
    assertThat(mutation.rows()).isEqualTo(1);
  }
}
