package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Generated DML and function mutations, each in its own transaction, on the JDBC backend; the
 * subclasses {@link MutationVertxTest} and {@link MutationR2dbcTest} run the same checks on the
 * other backends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutationTest {
  static final String U1 = QueryEndToEndTest.U1;
  static final String P101 = "00000000-0000-0000-0000-000000000101";
  static final String P102 = "00000000-0000-0000-0000-000000000102";
  static final String P103 = "00000000-0000-0000-0000-000000000103";
  DatabaseUrl url;
  FraiseQL engine;

  /** The backend under test. */
  String backend() {
    return "jdbc";
  }

  static String sdl() {
    return BlogFixture.resource("schema.graphql").replace("type Query {", "type Query {\n  notes: [Note!]!")
        + "\n" + BlogFixture.resource("mutations.graphql");
  }

  @BeforeAll
  void start() {
    url = BlogFixture.createDatabase("mutations_" + backend());
    TestDatabase.execute(url, FraiseQL.shippedSql());
    TestDatabase.execute(url, BlogFixture.resource("mutations.sql"));
    engine = FraiseQL.builder().schema(sdl()).databaseUrl(url).backend(backend()).poolSize(4)
        .sessionVariable(SessionVariable.fromAttribute("app.tenant_id", "X-Tenant-Id")).build();
  }

  @AfterAll
  void stop() {
    engine.close();
  }

  long count(String sql) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String scalar(String sql) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void insertReReadsTheViewWithTheSelection() throws Exception {
    String json = run(engine, "mutation { createUser(input: {id: \"00000000-0000-0000-0000-00000000a001\","
        + " email: \"new@example.com\", fullName: \"Ny \\\"Q\\\" Ünïcødé 😀\", tags: [\"x\", \"y\"], role: GUEST}) {"
        + " __typename id mail: email fullName age tags role posts { id } } }");
    assertThat(json).isEqualTo("{\"data\":{\"createUser\":{\"__typename\":\"User\",\"id\":\"00000000-0000-0000-0000-00000000a001\","
        + "\"mail\":\"new@example.com\",\"fullName\":\"Ny \\\"Q\\\" Ünïcødé 😀\",\"age\":null,\"tags\":[\"x\", \"y\"],"
        + "\"role\":\"GUEST\",\"posts\":[]}}}");
    assertThat(scalar("SELECT full_name FROM tb_user WHERE email = 'new@example.com'")).isEqualTo("Ny \"Q\" Ünïcødé 😀");
  }

  @Test
  void omittedFieldsTakeColumnDefaults() throws Exception {
    String json = run(engine, "mutation { createUser(input: {email: \"defaults@example.com\"}) { email fullName } }");
    assertThat(json).isEqualTo("{\"data\":{\"createUser\":{\"email\":\"defaults@example.com\",\"fullName\":null}}}");
    assertThat(scalar("SELECT id IS NOT NULL FROM tb_user WHERE email = 'defaults@example.com'")).isEqualTo("t");
  }

  @Test
  void constraintViolationsNameTheConstraintAndLeaveNothing() throws Exception {
    long users = count("SELECT count(*) FROM tb_user");
    String dup = run(engine, "mutation { createUser(input: {email: \"ann@example.com\"}) { id } }");
    assertThat(dup).startsWith("{\"data\":{\"createUser\":null},\"errors\":[")
        .contains("\"code\":\"CONFLICT\"", "\"constraint\":\"tb_user_email_key\"", "\"path\":[\"createUser\"]")
        .doesNotContain("INSERT", "duplicate key");
    assertThat(run(engine, "mutation { createUser(input: {email: \"neg@example.com\", age: -1}) { id } }"))
        .contains("\"code\":\"CONSTRAINT_VIOLATION\"", "\"constraint\":\"tb_user_age_check\"");
    assertThat(run(engine, "mutation { createPost(input: {title: \"t\", authorId: \"00000000-0000-0000-0000-000000000999\"}) { id } }"))
        .contains("\"code\":\"CONSTRAINT_VIOLATION\"", "\"constraint\":\"tb_post_author_id_fkey\"");
    assertThat(count("SELECT count(*) FROM tb_user")).isEqualTo(users);
  }

  @Test
  void writesWithAKnownIdFailAsAWholeAndLeaveNothing() throws Exception {
    // an id in the input (or the id argument) lets the write and its re-read go as one script
    String a4 = "00000000-0000-0000-0000-00000000a004";
    assertThat(run(engine, "mutation { createUser(input: {id: \"" + a4 + "\", email: \"ann@example.com\"}) { id } }"))
        .startsWith("{\"data\":{\"createUser\":null},\"errors\":[")
        .contains("\"code\":\"CONFLICT\"", "\"constraint\":\"tb_user_email_key\"").doesNotContain("INSERT");
    assertThat(count("SELECT count(*) FROM tb_user WHERE id = '" + a4 + "'")).isZero();
    assertThat(run(engine, "mutation { createUser(input: {id: \"" + a4 + "\", email: \"a4x@example.com\", age: -4}) { id } }"))
        .contains("\"createUser\":null", "\"code\":\"CONSTRAINT_VIOLATION\"", "\"constraint\":\"tb_user_age_check\"");
    assertThat(count("SELECT count(*) FROM tb_user WHERE id = '" + a4 + "'")).isZero();
    String before = scalar("SELECT email FROM tb_user WHERE id = '" + U1 + "'");
    assertThat(run(engine, "mutation { updateUser(id: \"" + U1 + "\", input: {email: \"bob@example.com\", age: 77}) { age } }"))
        .contains("\"updateUser\":null", "\"code\":\"CONFLICT\"");
    assertThat(scalar("SELECT email || '/' || coalesce(age, -1) FROM tb_user WHERE id = '" + U1 + "'"))
        .startsWith(before + "/").doesNotEndWith("/77");
    // an id that does not convert takes the statement-by-statement path and fails there, cleanly
    assertThat(run(engine, "mutation { createUser(input: {id: \"not-a-uuid\", email: \"x4@example.com\"}) { id } }"))
        .contains("\"createUser\":null", "\"errors\"").doesNotContain("INSERT");
    assertThat(count("SELECT count(*) FROM tb_user WHERE email = 'x4@example.com'")).isZero();
    // and it still works
    assertThat(run(engine, "mutation { createUser(input: {id: \"" + a4 + "\", email: \"a4@example.com\"}) { id email } }"))
        .isEqualTo("{\"data\":{\"createUser\":{\"id\":\"" + a4 + "\",\"email\":\"a4@example.com\"}}}");
  }

  @Test
  void aFailingTriggerRollsBackAndIsADatabaseError() throws Exception {
    String json = run(engine, "mutation { createPost(input: {title: \"boom\"}) { id } }");
    assertThat(json).contains("\"createPost\":null", "\"code\":\"DATABASE_ERROR\"", "\"sqlState\":\"P0001\"")
        .doesNotContain("no boom allowed");
    assertThat(count("SELECT count(*) FROM tb_post WHERE title = 'boom'")).isZero();
  }

  @Test
  void updateWritesOnlyTheFieldsGivenAndExplicitNulls() throws Exception {
    run(engine, "mutation { createUser(input: {id: \"00000000-0000-0000-0000-00000000a002\", email: \"up@example.com\","
        + " fullName: \"Up\", age: 40}) { id } }");
    assertThat(run(engine, "mutation { updateUser(id: \"00000000-0000-0000-0000-00000000a002\", input: {fullName: \"Upd\"})"
        + " { email fullName age } }"))
        .isEqualTo("{\"data\":{\"updateUser\":{\"email\":\"up@example.com\",\"fullName\":\"Upd\",\"age\":40}}}");
    assertThat(run(engine, "mutation($in: UpdateUserInput!) { updateUser(id: \"00000000-0000-0000-0000-00000000a002\", input: $in)"
        + " { fullName age } }", Map.of("in", new java.util.HashMap<>(java.util.Collections.singletonMap("age", null)))))
        .isEqualTo("{\"data\":{\"updateUser\":{\"fullName\":\"Upd\",\"age\":null}}}");
    assertThat(run(engine, "mutation { updateUser(id: \"00000000-0000-0000-0000-00000000a002\", input: {}) { fullName } }"))
        .isEqualTo("{\"data\":{\"updateUser\":{\"fullName\":\"Upd\"}}}");
  }

  @Test
  void missingRowsAreNotFound() {
    for (String m : List.of("updateUser(id: \"00000000-0000-0000-0000-000000000999\", input: {age: 1})",
        "updateUser(id: \"00000000-0000-0000-0000-000000000999\", input: {})",
        "deleteUser(id: \"00000000-0000-0000-0000-000000000999\")")) {
      assertThat(run(engine, "mutation { " + m + " { id } }")).as(m)
          .contains("null", "\"code\":\"NOT_FOUND\"").doesNotContain("DELETE", "UPDATE");
    }
    assertThat(run(engine, "mutation { deleteUser(id: \"nope\") { id } }")).contains("BAD_USER_INPUT");
  }

  @Test
  void deleteAnswersWithTheRowAsItWas() throws Exception {
    run(engine, "mutation { createUser(input: {id: \"00000000-0000-0000-0000-00000000a003\", email: \"del@example.com\"}) { id } }");
    assertThat(run(engine, "mutation { deleteUser(id: \"00000000-0000-0000-0000-00000000a003\") { id email } }"))
        .isEqualTo("{\"data\":{\"deleteUser\":{\"id\":\"00000000-0000-0000-0000-00000000a003\",\"email\":\"del@example.com\"}}}");
    assertThat(count("SELECT count(*) FROM tb_user WHERE email = 'del@example.com'")).isZero();
    assertThat(run(engine, "mutation { deleteUser(id: \"00000000-0000-0000-0000-00000000a003\") { id } }")).contains("NOT_FOUND");
  }

  @Test
  void rootMutationFieldsRunInOrderEachInItsOwnTransaction() throws Exception {
    String json = run(engine, "mutation { a: createUser(input: {email: \"order@example.com\", age: 1}) { age }"
        + " b: createUser(input: {email: \"order@example.com\"}) { age }"
        + " c: updateUser(id: \"" + U1 + "\", input: {age: 31}) { age } d: __typename }");
    assertThat(json).startsWith("{\"data\":{\"a\":{\"age\":1},\"b\":null,\"c\":{\"age\":31},\"d\":\"Mutation\"},\"errors\":[")
        .contains("\"path\":[\"b\"]", "CONFLICT");
    assertThat(count("SELECT count(*) FROM tb_user WHERE email = 'order@example.com'")).isEqualTo(1);
  }

  @Test
  void functionSuccessCommitsAndProjectsTheEntity() throws Exception {
    String json = run(engine, "mutation { publishPost(input: {postId: \"" + P102 + "\"}) { __typename"
        + " ... on PublishPostSuccess { status message updatedFields post { id title published author { fullName } } }"
        + " ... on PublishPostError { code } } }");
    assertThat(json).isEqualTo("{\"data\":{\"publishPost\":{\"__typename\":\"PublishPostSuccess\",\"status\":\"success\","
        + "\"message\":\"published\",\"updatedFields\":[\"published\", \"authorId\"],\"post\":{\"id\":\"" + P102 + "\","
        + "\"title\":\"World\",\"published\":true,\"author\":{\"fullName\":\"Ann Lee\"}}}}}");
    assertThat(scalar("SELECT published::text FROM tb_post WHERE id = '" + P102 + "'")).isEqualTo("true");
  }

  @Test
  void functionErrorStatusesRollBackAndReportCodes() throws Exception {
    String noop = run(engine, "mutation { publishPost(input: {postId: \"" + P103 + "\"}) { __typename"
        + " ... on PublishPostError { status message code errors { code identifier message details } currentTitle } } }");
    assertThat(noop).isEqualTo("{\"data\":{\"publishPost\":{\"__typename\":\"PublishPostError\",\"status\":\"noop:already_published\","
        + "\"message\":\"already published\",\"code\":422,\"errors\":[{\"code\":422,\"identifier\":\"already_published\","
        + "\"message\":\"already published\",\"details\":null}],\"currentTitle\":\"Third\"}}}");
    assertThat(scalar("SELECT title FROM tb_post WHERE id = '" + P103 + "'")).isEqualTo("Third");
    String invalid = run(engine, "mutation { publishPost(input: {postId: \"" + P101 + "\", note: \"invalid\"}) {"
        + " ... on PublishPostError { code errors { code identifier message details } } } }");
    assertThat(invalid).isEqualTo("{\"data\":{\"publishPost\":{\"code\":422,\"errors\":[{\"code\":422,\"identifier\":\"note\","
        + "\"message\":\"note must not be \\\"invalid\\\"\",\"details\":{\"field\": \"note\"}}]}}}");
    assertThat(scalar("SELECT title FROM tb_post WHERE id = '" + P101 + "'")).isEqualTo("Hello");
    assertThat(run(engine, "mutation { publishPost(input: {postId: \"00000000-0000-0000-0000-000000000999\"}) {"
        + " ... on PublishPostError { status code errors { identifier } } } }"))
        .isEqualTo("{\"data\":{\"publishPost\":{\"status\":\"not_found:Post\",\"code\":404,\"errors\":[{\"identifier\":\"Post\"}]}}}");
  }

  @Test
  void unknownStatusesAndExceptionsAreErrorsAndRollBack() throws Exception {
    assertThat(run(engine, "mutation { weird { status } }"))
        .isEqualTo("{\"data\":{\"weird\":null},\"errors\":[{\"message\":\"The mutation function returned the unknown status 'weird'\","
            + "\"locations\":[{\"line\":1,\"column\":12}],\"path\":[\"weird\"],\"extensions\":{\"code\":\"INVALID_MUTATION_RESPONSE\"}}]}");
    assertThat(run(engine, "mutation { explode { status } }"))
        .contains("\"explode\":null", "DATABASE_ERROR", "\"sqlState\":\"P0001\"").doesNotContain("kaboom");
    assertThat(count("SELECT count(*) FROM tb_post WHERE title = 'exploded'")).isZero();
  }

  @Test
  void functionsSeeSessionVariablesAndTypedSnakeCaseInput() {
    GraphQLRequest r = GraphQLRequest.of("mutation { whoAmI(input: {label: \"a\\\"b\", count: 3,"
        + " when: \"2026-01-02T03:04:05+02:00\", extra: {camelKey: [1, true]}}) { message } }")
        .withAttributes(Map.of("x-tenant-id", "t9"));
    assertThat(new String(engine.execute(r), StandardCharsets.UTF_8))
        .isEqualTo("{\"data\":{\"whoAmI\":{\"message\":\"t9/{\\\"when\\\": \\\"2026-01-02T01:04:05+00:00\\\","
            + " \\\"count\\\": 3, \\\"extra\\\": {\\\"camelKey\\\": [1, true]}, \\\"label\\\": \\\"a\\\\\\\"b\\\"}\"}}}");
    assertThat(run(engine, "mutation { whoAmI { message } }")).isEqualTo("{\"data\":{\"whoAmI\":{\"message\":\"(none)/{}\"}}}");
  }

  @Test
  void concurrentUpdatesOfOneRowAllCommit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int age = 50 + i;
        results.add(pool.submit(() -> run(engine, "mutation { updateUser(id: \"" + QueryEndToEndTest.U5
            + "\", input: {age: " + age + "}) { age } }")));
      }
      for (Future<String> f : results) {
        assertThat(f.get()).matches("\\{\"data\":\\{\"updateUser\":\\{\"age\":(5\\d|6[0-5])}}}");
      }
    } finally {
      pool.shutdown();
    }
    assertThat(Integer.parseInt(scalar("SELECT age FROM tb_user WHERE id = '" + QueryEndToEndTest.U5 + "'"))).isBetween(50, 65);
  }

  @Test
  void rowLevelSecuritySeesTheSessionVariable() throws Exception {
    TestDatabase.execute(url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fraiseql_mut_app') THEN"
        + " CREATE ROLE fraiseql_mut_app LOGIN PASSWORD 'app'; END IF; END $$;"
        + " GRANT USAGE ON SCHEMA public TO fraiseql_mut_app;"
        + " GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO fraiseql_mut_app");
    DatabaseUrl asApp = DatabaseUrl.of(url.host(), url.port(), url.database(), "fraiseql_mut_app", "app");
    try (FraiseQL app = FraiseQL.builder().schema(sdl()).databaseUrl(asApp).backend(backend()).poolSize(2)
        .sessionVariable(SessionVariable.fromAttribute("app.tenant_id", "X-Tenant-Id")).build()) {
      String created = exec(app, "t1", "mutation { createNote(input: {body: \"mine\"}) { tenant body } }");
      assertThat(created).isEqualTo("{\"data\":{\"createNote\":{\"tenant\":\"t1\",\"body\":\"mine\"}}}");
      assertThat(exec(app, "t1", "{ notes { body } }")).isEqualTo("{\"data\":{\"notes\":[{\"body\":\"mine\"}]}}");
      assertThat(exec(app, "t2", "{ notes { body } }")).isEqualTo("{\"data\":{\"notes\":[]}}");
      assertThat(exec(app, "t2", "mutation { createNote(input: {body: \"theirs\", tenant: \"t1\"}) { body } }"))
          .contains("\"createNote\":null", "DATABASE_ERROR", "42501");
    }
    assertThat(count("SELECT count(*) FROM tb_note")).isEqualTo(1);
  }

  private static String exec(FraiseQL e, String tenant, String query) {
    return new String(e.execute(GraphQLRequest.of(query).withAttributes(Map.of("x-tenant-id", tenant))), StandardCharsets.UTF_8);
  }
}
