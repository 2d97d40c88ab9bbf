package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code init}: an SDL from the views of a database, which then loads and answers queries. */
class InitTest {
  private static final Pattern LIST_ROOT = Pattern.compile("^  (\\w+): \\[(\\w+)!\\]!$", Pattern.MULTILINE);
  private static final Pattern ID_ROOT = Pattern.compile("^  (\\w+)\\(id: ID!\\): (\\w+)$", Pattern.MULTILINE);

  @ParameterizedTest
  @CsvSource({"user,users", "post,posts", "box,boxes", "status,statuses", "match,matches", "wish,wishes",
      "quiz,quizes", "category,categories", "day,days", "blogPost,blogPosts"})
  void pluralsFollowTheEnglishRules(String singular, String plural) {
    assertThat(SchemaInit.plural(singular)).isEqualTo(plural);
    if (!singular.endsWith("z")) {
      assertThat(SchemaInit.singular(plural)).isEqualTo(singular);
    }
  }

  @Test
  void namesComeFromTheRelationAndTheKeys() {
    assertThat(SchemaInit.typeName("v_user")).isEqualTo("User");
    assertThat(SchemaInit.typeName("tv_user")).isEqualTo("User");
    assertThat(SchemaInit.typeName("v_blog_post")).isEqualTo("BlogPost");
    assertThat(SchemaInit.typeName("v_1st")).isNull();
    assertThat(SchemaInit.camelCase("full_name")).isEqualTo("fullName");
    assertThat(SchemaInit.camelCase("_private")).isEqualTo("private");
    assertThat(SchemaInit.usableKey("full_name")).isTrue();
    assertThat(SchemaInit.usableKey("line2_text")).isTrue();
    assertThat(SchemaInit.usableKey("fullName")).isFalse(); // the engine would read full_name
    assertThat(SchemaInit.usableKey("a-b")).isFalse();
    assertThat(SchemaInit.usableKey("__x")).isFalse();
    assertThat(SchemaInit.singular("class")).isEqualTo("class");
  }

  /** The demo's views: the generated SDL answers the demo's own two example queries identically. */
  @Test
  void roundTripsTheDemo(@TempDir Path dir) throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("initdemo");
    SqlScripts.run(url, SqlScripts.resource(SqlScripts.MUTATION_RESPONSE));
    SqlScripts.run(url, SqlScripts.resource(Demo.DATA_RESOURCE));
    Path out = dir.resolve("schema.graphql");

    CliTest.Result r = CliTest.run(Map.of("FRAISEQL_DATABASE_URL", TestDatabase.urlString(url)), "init", "--out", out.toString());
    assertThat(r.running().exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("wrote " + out);
    String sdl = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(sdl)
        .contains("type User @sqlSource(name: \"v_user\") {\n  id: ID!\n")
        .contains("  fullName: String\n", "  postCount: Int\n", "  posts: [UserPost!]\n")
        .containsPattern("  createdAt: DateTime  # guessed from the values \\(e\\.g\\. 2025-\\S+\\)\n")
        .contains("type Post @sqlSource(name: \"v_post\")", "  author: PostAuthor\n", "  comments: [PostComment!]\n")
        .contains("  users: [User!]!\n  user(id: ID!): User\n", "  posts: [Post!]!\n  post(id: ID!): Post\n");
    // Comment.author and PostComment.author have the same shape: one type serves both
    assertThat(sdl).contains("type CommentAuthor {").doesNotContain("type PostCommentAuthor");

    try (FraiseQL engine = FraiseQL.builder().schema(sdl).databaseUrl(url).backend("jdbc").poolSize(2).build()) {
      String posts = "{ posts(where: {title: {icontains: \"jsonb\"}, published: {eq: true}}, orderBy: [{createdAt: DESC}],"
          + " limit: 3) { id title createdAt author { fullName } commentCount } }";
      assertThat(run(engine, posts)).isEqualTo(DemoTest.POST_ANSWER);
      assertThat(run(engine, Demo.EXAMPLE_GET_QUERY)).isEqualTo(DemoTest.GET_ANSWER);
      assertEveryRootAnswers(engine, sdl);
    }
  }

  /** Whatever views the demo has (others keep adding some): every list and by-id root answers. */
  static void assertEveryRootAnswers(FraiseQL engine, String sdl) {
    List<String> roots = new ArrayList<>();
    Matcher list = LIST_ROOT.matcher(sdl);
    while (list.find()) {
      roots.add(list.group(1));
      String answer = run(engine, "{ " + list.group(1) + "(limit: 2) { id } }");
      assertThat(answer).as(list.group(1)).startsWith("{\"data\":{\"" + list.group(1) + "\":[").doesNotContain("\"errors\"");
    }
    Matcher byId = ID_ROOT.matcher(sdl);
    while (byId.find()) {
      String answer = run(engine, "{ " + byId.group(1) + "(id: \"1\") { id } }");
      assertThat(answer).as(byId.group(1)).doesNotContain("\"errors\"");
    }
    assertThat(roots).isNotEmpty();
  }

  static String run(FraiseQL engine, String query) {
    return new String(engine.execute(GraphQLRequest.of(query)), StandardCharsets.UTF_8);
  }

  /** What the sample cannot settle is guessed, commented, and still loads and answers. */
  @Test
  void guessesAreCommentedAndTheSchemaStillLoads() throws Exception {
    DatabaseUrl url = TestDatabase.get().createDatabase("initedge");
    TestDatabase.execute(url, """
        CREATE TABLE tb_item (id bigint PRIMARY KEY, doc jsonb NOT NULL);
        INSERT INTO tb_item VALUES
          (1, '{"id": 1, "ref": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "born_on": "2020-01-02",
                "seen_at": "2024-05-06T07:08:09+00:00", "big": 12345678901, "price": 9.5, "nothing": null,
                "mixed": 1, "empty": [], "grid": [[1, 2]], "tags": ["a"], "camelKey": 1, "odd-key": 2,
                "owner": {"id": 7, "full_name": "Ann"}, "boxes": [{"id": 1, "label": "x"}], "author_id": "u1"}'),
          (2, '{"id": 2, "mixed": "two", "price": 3, "tags": [], "owner": {"id": 8, "full_name": "Bob"}, "meta": {}}');
        CREATE VIEW v_item AS SELECT id, doc AS payload FROM tb_item;
        CREATE VIEW tv_item AS SELECT id, doc AS data FROM tb_item;
        CREATE VIEW v_no_id AS SELECT doc AS data FROM tb_item;
        CREATE VIEW v_two_json AS SELECT id, doc AS a, doc AS b FROM tb_item;
        CREATE VIEW v_no_json AS SELECT id FROM tb_item;
        CREATE VIEW v_category AS SELECT id, doc AS payload FROM tb_item WHERE false;
        CREATE VIEW other AS SELECT id, doc AS data FROM tb_item;
        """);
    CliTest.Result r = CliTest.run(Map.of(), "init", "--database-url", TestDatabase.urlString(url), "--sample", "10");
    assertThat(r.running().exitCode()).as(r.err()).isZero();
    String sdl = r.out();
    assertThat(sdl)
        .contains("# v_item: not used, tv_item gives the same type Item", "# v_no_id: skipped, it has no id column",
            "# v_two_json: skipped, several jsonb columns and none is named data",
            "# v_no_json: skipped, it has no jsonb column")
        .doesNotContain("other")
        .contains("type Item @sqlSource(name: \"tv_item\") {\n  id: ID!\n")
        .contains("  ref: UUID  # guessed from the values (e.g. a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11)\n")
        .contains("  bornOn: Date  # guessed", "  seenAt: DateTime  # guessed")
        .contains("  big: BigDecimal  # guessed: integers beyond 32 bits\n", "  price: Float\n")
        .contains("  nothing: String  # guessed: only null in the sample\n")
        .contains("  mixed: JSON  # guessed: mixed number and string values\n")
        .contains("  empty: [String]  # guessed: always empty in the sample\n")
        .contains("  grid: JSON  # lists of lists are read as JSON\n", "  tags: [String!]\n")
        .contains("  # skipped key \"camelKey\": fields map to snake_case keys\n", "  # skipped key \"odd-key\"")
        .contains("  meta: JSON  # guessed: only empty objects in the sample\n")
        .contains("  owner: ItemOwner\n", "  boxes: [ItemBox!]\n", "  authorId: ID\n")
        .contains("type ItemOwner {\n  id: ID!\n  fullName: String\n}")
        .contains("type Category @sqlSource(name: \"v_category\", dataColumn: \"payload\") {\n"
            + "  id: ID  # guessed: no \"id\" key in the sample (fields are read from the jsonb column)\n}")
        .contains("  categories: [Category!]!\n  category(id: ID!): Category\n", "  items: [Item!]!\n");

    try (FraiseQL engine = FraiseQL.builder().schema(sdl).databaseUrl(url).backend("jdbc").poolSize(2).build()) {
      assertThat(run(engine, "{ items(orderBy: [{id: ASC}]) { id ref bornOn big price mixed tags owner { fullName } boxes { label } } }"))
          .isEqualTo("{\"data\":{\"items\":[{\"id\":\"1\",\"ref\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\",\"bornOn\":\"2020-01-02\","
              + "\"big\":12345678901,\"price\":9.5,\"mixed\":1,\"tags\":[\"a\"],\"owner\":{\"fullName\":\"Ann\"},"
              + "\"boxes\":[{\"label\":\"x\"}]},{\"id\":\"2\",\"ref\":null,\"bornOn\":null,\"big\":null,\"price\":3,"
              + "\"mixed\":\"two\",\"tags\":[],\"owner\":{\"fullName\":\"Bob\"},\"boxes\":null}]}}");
      assertThat(run(engine, "{ categories { id } }")).isEqualTo("{\"data\":{\"categories\":[]}}");
    }
  }

  @Test
  void noMatchingViewStillGivesALoadableSchema() {
    DatabaseUrl url = TestDatabase.get().createDatabase("initnone");
    CliTest.Result r = CliTest.run(Map.of(), "init", "--database-url", TestDatabase.urlString(url), "--views", "x_%, ");
    assertThat(r.running().exitCode()).isZero();
    assertThat(r.out()).contains("# no view with an id and a jsonb column matched x_%", "_empty: Boolean");
  }

  @Test
  void failuresAreReportedWithTheirExitStatus(@TempDir Path dir) {
    assertThat(CliTest.run(Map.of(), "init").running().exitCode()).isEqualTo(2);
    assertThat(CliTest.run(Map.of(), "init").err()).contains("init needs --database-url");
    CliTest.Result badViews = CliTest.run(Map.of(), "init", "--database-url", "postgresql://u@h/db", "--views", " , ");
    assertThat(badViews.running().exitCode()).isEqualTo(2);
    assertThat(badViews.err()).contains("--views: no pattern given");
    assertThat(CliTest.run(Map.of("FRAISEQL_INIT_SAMPLE", "0"), "init", "--database-url", "postgresql://u@h/db").err())
        .contains("FRAISEQL_INIT_SAMPLE");
    assertThat(CliTest.run(Map.of(), "init", "--database-url", "postgresql://u@h/db", "--port", "1").err())
        .contains("Unknown option '--port' for init");

    CliTest.Result unreachable = CliTest.run(Map.of(), "init", "--database-url", "postgresql://nobody:secret@127.0.0.1:1/db");
    assertThat(unreachable.running().exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot read the views of postgresql://nobody:REDACTED@127.0.0.1:1/db")
        .doesNotContain("secret");

    DatabaseUrl url = TestDatabase.get().createDatabase("initout");
    CliTest.Result unwritable = CliTest.run(Map.of(), "init", "--database-url", TestDatabase.urlString(url),
        "--out", dir.resolve("missing/dir/schema.graphql").toString());
    assertThat(unwritable.running().exitCode()).isEqualTo(1);
    assertThat(unwritable.err()).contains("cannot write");
  }
}
