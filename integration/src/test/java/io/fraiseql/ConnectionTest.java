package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static io.fraiseql.QueryEndToEndTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.BindStyle;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.SqlStatement;
import io.fraiseql.api.plan.CursorCodec;
import java.nio.charset.StandardCharsets;
import io.fraiseql.planner.Catalog;
import io.fraiseql.planner.FraiseSchema;
import io.fraiseql.planner.PlanResult;
import io.fraiseql.planner.Planner;
import io.fraiseql.planner.RootPlan;
import io.fraiseql.sql.SqlRenderer;
import io.fraiseql.tck.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Relay connections: keyset paging forwards and backwards through ties and nulls. */
class ConnectionTest {
  static DatabaseUrl url;
  static FraiseQL engine;

  @BeforeAll
  static void start() {
    url = BlogFixture.createDatabase("connections");
    engine = BlogFixture.engine(url).build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|null|true|false)").matcher(json);
    return m.find() ? m.group(1).replace("\"", "") : null;
  }

  private static String page(String args) {
    return run(engine, "{ usersConnection(" + args + ") { edges { cursor node { id } }"
        + " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }");
  }

  @ParameterizedTest(name = "{0} by {1}")
  @CsvSource({
    "'{age: ASC}', 1", "'{age: ASC}', 2", "'{age: DESC}', 2", "'{age: ASC_NULLS_FIRST}', 2",
    "'{age: DESC_NULLS_LAST}', 3", "'{age: ASC_NULLS_LAST}', 1", "'{age: DESC_NULLS_FIRST}', 4",
    "'[{active: DESC}, {age: ASC}]', 2", "'{fullName: ASC_NULLS_FIRST}', 2", "'{createdAt: DESC}', 2",
    "'{score: ASC}', 3", "'{id: DESC}', 2", "'{role: DESC_NULLS_LAST}', 1",
  })
  void pagesNeitherSkipNorRepeatInEitherDirection(String orderBy, int size) {
    String all = ids(run(engine, "{ users(orderBy: " + orderBy + ") { id } }"));
    // forwards
    List<String> forward = new ArrayList<>();
    String after = null;
    for (int guard = 0; guard < 10; guard++) {
      String json = page("orderBy: " + orderBy + ", first: " + size + (after == null ? "" : ", after: \"" + after + "\""));
      String got = ids(json);
      if (!got.isEmpty()) {
        forward.add(got);
      }
      assertThat(field(json, "hasPreviousPage")).isEqualTo(after == null ? "false" : "true");
      if (field(json, "hasNextPage").equals("false")) {
        break;
      }
      after = field(json, "endCursor");
    }
    assertThat(String.join(",", forward)).isEqualTo(all);
    // backwards
    List<String> backward = new ArrayList<>();
    String before = null;
    for (int guard = 0; guard < 10; guard++) {
      String json = page("orderBy: " + orderBy + ", last: " + size + (before == null ? "" : ", before: \"" + before + "\""));
      String got = ids(json);
      if (!got.isEmpty()) {
        backward.add(got);
      }
      assertThat(field(json, "hasNextPage")).isEqualTo(before == null ? "false" : "true");
      if (field(json, "hasPreviousPage").equals("false")) {
        break;
      }
      before = field(json, "startCursor");
    }
    Collections.reverse(backward);
    assertThat(String.join(",", backward)).isEqualTo(all);
  }

  @Test
  void fullSelectionWithAliasesTypenamesAndTotalCount() {
    String json = run(engine, "{ c: usersConnection(first: 2, where: {age: {gte: 30}}, orderBy: {age: DESC}) {"
        + " __typename total: totalCount pageInfo { __typename hasNextPage } edges { __typename node { __typename id age } }"
        + " again: edges { node { email } } } }");
    assertThat(json).isEqualTo("{\"data\":{\"c\":{\"__typename\":\"UserConnection\",\"total\":3,"
        + "\"pageInfo\":{\"__typename\":\"PageInfo\",\"hasNextPage\":true},"
        + "\"edges\":[{\"__typename\":\"UserEdge\",\"node\":{\"__typename\":\"User\",\"id\":\"" + QueryEndToEndTest.U3 + "\",\"age\":100}},"
        + "{\"__typename\":\"UserEdge\",\"node\":{\"__typename\":\"User\",\"id\":\"" + QueryEndToEndTest.U1 + "\",\"age\":30}}],"
        + "\"again\":[{\"node\":{\"email\":\"cy@example.com\"}},{\"node\":{\"email\":\"ann@example.com\"}}]}}}");
  }

  @Test
  void emptyPagesAndCursorsAreStable() {
    assertThat(run(engine, "{ usersConnection(where: {age: {gt: 1000}}) { totalCount edges { cursor }"
        + " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"))
        .isEqualTo("{\"data\":{\"usersConnection\":{\"totalCount\":0,\"edges\":[],\"pageInfo\":{\"hasNextPage\":false,"
            + "\"hasPreviousPage\":false,\"startCursor\":null,\"endCursor\":null}}}}");
    String a = page("first: 2");
    assertThat(page("first: 2")).isEqualTo(a);
    assertThat(field(a, "endCursor")).matches("[A-Za-z0-9_-]+");
    assertThat(ids(page("first: 0"))).isEmpty();
    assertThat(ids(run(engine, "{ postsConnection(first: 10, orderBy: {author: {fullName: ASC}}) { edges { node { id } } } }")))
        .isEqualTo("101,102,103,104"); // Ann's two posts tie and go by id; no author is last
  }

  @Test
  void forgedStaleAndMisusedCursorsAreUserErrors() {
    String cursor = field(page("first: 1, orderBy: {age: ASC}"), "endCursor");
    String tampered = (cursor.charAt(10) == 'A' ? "B" : "A");
    tampered = cursor.substring(0, 10) + tampered + cursor.substring(11);
    for (String bad : List.of(tampered, "not-a-cursor", "!!!", cursor.substring(0, cursor.length() - 2), "")) {
      assertThat(run(engine, "{ postsConnection(after: \"" + bad + "\") { edges { cursor } } }"))
          .as(bad).contains("\"postsConnection\":null", "BAD_USER_INPUT").doesNotContain("SELECT");
    }
    assertThat(page("first: 1, orderBy: {age: DESC}, after: \"" + cursor + "\""))
        .contains("another ordering", "BAD_USER_INPUT");
    assertThat(page("first: 1, last: 1")).contains("not both");
    assertThat(page("first: 1001")).contains("at most 1000");
    assertThat(page("first: -1")).contains("must not be negative");
    // the same cursor works with a different page size and filter
    assertThat(ids(page("first: 5, orderBy: {age: ASC}, after: \"" + cursor + "\"")))
        .isEqualTo("1,5,3,4");
  }

  @Test
  void connectionPageUsesTheBaseTableIndex() throws Exception {
    DatabaseUrl big = BlogFixture.createDatabase("conn_explain");
    TestDatabase.execute(big, "INSERT INTO tb_post (id, author_id, title, price, published, created_at)"
        + " SELECT md5('p' || g)::uuid, NULL, 'bulk ' || g, g, g % 2 = 0, timestamptz '2025-01-01' + g * interval '1 minute'"
        + " FROM generate_series(1, 20000) g; ANALYZE tb_post");
    String sdl = BlogFixture.resource("schema.graphql");
    Catalog catalog = Catalog.of(Map.of(
        "v_post", Map.of("id", "uuid", "author_id", "uuid", "published", "boolean",
            "created_at", "timestamp with time zone", "data", "jsonb"),
        "v_user", Map.of("id", "uuid", "data", "jsonb"), "v_active_user", Map.of("id", "uuid", "data", "jsonb"),
        "v_tenant_user", Map.of("id", "uuid", "data", "jsonb"), "v_slow", Map.of("id", "uuid", "data", "jsonb"),
        "tv_item", Map.of("id", "text", "data", "jsonb"), "v_broken", Map.of("id", "uuid", "data", "jsonb")));
    FraiseSchema schema = FraiseSchema.load(sdl, catalog);
    CursorCodec codec = new CursorCodec(CursorCodec.deriveSecret("connection-test"));
    Planner planner = new Planner(schema, io.fraiseql.api.Limits.DEFAULTS, 100, codec);
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(
        "{ postsConnection(first: 20, orderBy: {createdAt: ASC}) { edges { node { id } } } }", null, null);
    RootPlan.Connection c = (RootPlan.Connection) op.fields().get(0);
    SqlStatement page = new SqlRenderer(BindStyle.QUESTION_MARK).selectPage(c.page());
    assertThat(page.sql()).contains("ORDER BY t.\"created_at\" ASC, t.\"id\" ASC LIMIT");
    String plan = BlogFixture.explain(big, page);
    assertThat(plan).contains("Limit", "Index Scan using tb_post_created_at_id").doesNotContain("Seq Scan");
    // a later page: the keyset condition still walks the index
    byte[] keys = "[\"2025-01-10T00:00:00+00:00\", \"00000000-0000-0000-0000-000000000000\"]".getBytes(StandardCharsets.UTF_8);
    String after = codec.encode(c.fingerprint(), keys, 0, keys.length);
    RootPlan.Connection next = (RootPlan.Connection) ((PlanResult.Operation) planner.plan(
        "{ postsConnection(first: 20, after: \"" + after + "\", orderBy: {createdAt: ASC}) { edges { node { id } } } }",
        null, null)).fields().get(0);
    assertThat(BlogFixture.explain(big, new SqlRenderer(BindStyle.QUESTION_MARK).selectPage(next.page())))
        .contains("Limit", "Index Scan using tb_post_created_at_id").doesNotContain("Seq Scan");
  }

}
