package io.fraiseql;

import static io.fraiseql.VariablesTemplateTest.list;
import static io.fraiseql.VariablesTemplateTest.vars;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutations with variables are served from plan templates: the first request of a shape builds
 * the template, the next ones only bind their own values. Every request here writes (or refuses)
 * exactly what the same request planned on its own does — checked in the table, and against an
 * engine that keeps no templates for the answers that do not depend on what was written before.
 */
class MutationTemplatesTest {
  static final String U1 = "00000000-0000-0000-0000-000000000001";
  static final String U3 = "00000000-0000-0000-0000-000000000003";
  static final Map<String, String> TENANT = Map.of("x-tenant-id", "t1");

  static List<String> backends() {
    return ParityTest.BACKENDS;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void eachRequestOfAShapeWritesItsOwnValues(String backend) throws Exception {
    DatabaseUrl url = BlogFixture.createDatabase("mut_templates_" + backend);
    TestDatabase.execute(url, FraiseQL.shippedSql());
    TestDatabase.execute(url, BlogFixture.resource("mutations.sql"));
    try (FraiseQL engine = builder(url, backend).build();
         FraiseQL plain = builder(url, backend).templateCacheSize(0).build()) {
      // inserts with their id (one script) and without (the id comes back from the INSERT)
      String create = "mutation C($in: CreateUserInput!) { createUser(input: $in) { email fullName age tags role } }";
      for (int i = 1; i <= 3; i++) {
        String id = "00000000-0000-0000-0000-00000000b00" + i;
        assertThat(run(engine, create, vars("in", vars("id", id, "email", "t" + i + "@example.com",
            "fullName", "T \"" + i + "\" ✓", "age", 20 + i, "tags", list("a" + i, "b"), "role", "GUEST"))))
            .isEqualTo("{\"data\":{\"createUser\":{\"email\":\"t" + i + "@example.com\",\"fullName\":\"T \\\"" + i
                + "\\\" ✓\",\"age\":" + (20 + i) + ",\"tags\":[\"a" + i + "\", \"b\"],\"role\":\"GUEST\"}}}");
        assertThat(scalar(url, "SELECT email || ' ' || age || ' ' || array_to_string(tags, ',') FROM tb_user WHERE id = '"
            + id + "'")).isEqualTo("t" + i + "@example.com " + (20 + i) + " a" + i + ",b");
      }
      long kept = engine.templateCacheUsage()[0];
      for (int i = 4; i <= 5; i++) {
        assertThat(run(engine, create, vars("in", vars("email", "u" + i + "@example.com", "age", i))))
            .isEqualTo("{\"data\":{\"createUser\":{\"email\":\"u" + i + "@example.com\",\"fullName\":null,\"age\":" + i
                + ",\"tags\":null,\"role\":null}}}");
      }
      assertThat(engine.templateCacheUsage()[0]).as("one more shape").isEqualTo(kept + 1);
      assertThat(count(url, "SELECT count(*) FROM tb_user WHERE email IN ('u4@example.com', 'u5@example.com')"))
          .isEqualTo(2);

      // updates of one shape, each with its own row and values; then values the planner refuses
      String update = "mutation U($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { email age } }";
      for (int i = 1; i <= 3; i++) {
        String id = "00000000-0000-0000-0000-00000000b00" + i;
        assertThat(run(engine, update, vars("id", id, "in", vars("age", 40 + i))))
            .isEqualTo("{\"data\":{\"updateUser\":{\"email\":\"t" + i + "@example.com\",\"age\":" + (40 + i) + "}}}");
        assertThat(count(url, "SELECT age FROM tb_user WHERE id = '" + id + "'")).isEqualTo(40 + i);
      }
      for (Map<String, Object> v : List.of(vars("id", "nope", "in", vars("age", 1)),
          vars("id", "00000000-0000-0000-0000-0000000000ff", "in", vars("age", 1)),
          vars("id", U1, "in", vars("age", -5)), vars("id", U1, "in", vars("age", null)),
          vars("id", U1, "in", vars("age", "x")), vars("id", U1, "in", vars("age", 7, "nope", 1)))) {
        assertThat(run(engine, update, v)).as("%s", v).isEqualTo(run(plain, update, v));
      }
      assertThat(run(plain, update, vars("id", "nope", "in", vars("age", 1)))).contains("BAD_USER_INPUT");
      assertThat(run(plain, update, vars("id", U1, "in", vars("age", -5)))).contains("\"updateUser\":null");
      assertThat(count(url, "SELECT count(*) FROM tb_user WHERE id = '" + U1 + "' AND age IS NULL")).isEqualTo(1);

      // an id column of the input checked for every request: a bad author is refused before any SQL
      String post = "mutation P($in: CreatePostInput!) { createPost(input: $in) { title author { id } } }";
      assertThat(run(engine, post, vars("in", vars("authorId", U3, "title", "first"))))
          .isEqualTo("{\"data\":{\"createPost\":{\"title\":\"first\",\"author\":{\"id\":\"" + U3 + "\"}}}}");
      Map<String, Object> badAuthor = vars("in", vars("authorId", "not-a-uuid", "title", "second"));
      assertThat(run(engine, post, badAuthor)).contains("BAD_USER_INPUT").isEqualTo(run(plain, post, badAuthor));
      assertThat(count(url, "SELECT count(*) FROM tb_post WHERE title = 'second'")).isZero();

      // deletes of one shape: each answers the row it deleted, then NOT_FOUND
      String delete = "mutation D($id: ID!) { deleteUser(id: $id) { email } }";
      for (int i = 1; i <= 2; i++) {
        String id = "00000000-0000-0000-0000-00000000b00" + i;
        assertThat(run(engine, delete, vars("id", id)))
            .isEqualTo("{\"data\":{\"deleteUser\":{\"email\":\"t" + i + "@example.com\"}}}");
        assertThat(run(engine, delete, vars("id", id))).isEqualTo(run(plain, delete, vars("id", id)))
            .contains("NOT_FOUND");
      }
      assertThat(count(url, "SELECT count(*) FROM tb_user WHERE id::text LIKE '%b00_'")).isEqualTo(1);

      // a function: each request's input reaches it as its own JSON (nested values included)
      String who = "mutation W($in: WhoInput) { whoAmI(input: $in) { status message } }";
      for (Map<String, Object> v : List.of(
          vars("in", vars("label", "a\"b ü", "count", 3, "extra", vars("k", list(1, true, null)))),
          vars("in", vars("label", "second", "count", 4, "extra", vars("k", "v"))),
          vars("in", vars("label", "\u0001 third", "count", -1, "extra", list("x"))))) {
        assertThat(run(engine, who, v)).as("%s", v).isEqualTo(run(plain, who, v)).contains("\"status\":\"success\"");
      }
      assertThat(run(engine, who, vars("in", vars("label", "second", "count", 4, "extra", vars("k", "v")))))
          .contains("{\\\"count\\\": 4, \\\"extra\\\": {\\\"k\\\": \\\"v\\\"}, \\\"label\\\": \\\"second\\\"}");
      String publish = "mutation($in: PublishPostInput!) { publishPost(input: $in) { __typename"
          + " ... on PublishPostSuccess { status post { id published } } ... on PublishPostError { status code } } }";
      String first = "00000000-0000-0000-0000-00000000c001";
      String second = "00000000-0000-0000-0000-00000000c002";
      TestDatabase.execute(url, "INSERT INTO tb_post (id, author_id, title, published) VALUES ('" + first + "', '" + U3
          + "', 'draft 1', false), ('" + second + "', '" + U3 + "', 'draft 2', false)");
      for (String id : List.of(first, second)) {
        assertThat(run(engine, publish, vars("in", vars("postId", id))))
            .isEqualTo("{\"data\":{\"publishPost\":{\"__typename\":\"PublishPostSuccess\",\"status\":\"success\","
                + "\"post\":{\"id\":\"" + id + "\",\"published\":true}}}}");
      }
      assertThat(run(engine, publish, vars("in", vars("postId", first))))
          .isEqualTo("{\"data\":{\"publishPost\":{\"__typename\":\"PublishPostError\",\"status\":\"noop:already_published\","
              + "\"code\":422}}}");
    }
  }

  static FraiseQL.Builder builder(DatabaseUrl url, String backend) {
    return FraiseQL.builder().schema(MutationTest.sdl()).databaseUrl(url).backend(backend).poolSize(2)
        .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id"));
  }

  static String run(FraiseQL engine, String query, Map<String, Object> variables) {
    return new String(engine.execute(new GraphQLRequest(query, null, variables, TENANT)), StandardCharsets.UTF_8);
  }

  static long count(DatabaseUrl url, String sql) throws Exception {
    return Long.parseLong(scalar(url, sql));
  }

  static String scalar(DatabaseUrl url, String sql) throws Exception {
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }
}
