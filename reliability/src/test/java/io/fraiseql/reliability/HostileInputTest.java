package io.fraiseql.reliability;

import static io.fraiseql.reliability.InputFixture.body;
import static io.fraiseql.reliability.InputFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.reliability.InputFixture.Answer;
import io.fraiseql.server.FraiseQLServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Abusive input against {@code serve} over the demo blog, on each backend (pool 4, statement
 * timeout 5 s): every request gets a coded 4xx answer or a correct one, never a 500, never a
 * database error for the client's own mistake, and never a connection pinned by it. Each case
 * prints what the client got (status, code, time). Time limits are upper bounds that hold on a
 * loaded 2-core machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  static final String SECRET = "reliability-cursor-secret-0123456789";
  static final long QUICK_MS = 10_000;

  DatabaseUrl url;
  final Map<String, FraiseQLServer> servers = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    url = InputFixture.database("hostile_input");
    for (String backend : List.of("jdbc", "vertx", "r2dbc")) {
      servers.put(backend, InputFixture.serve(url, "--backend", backend, "--pool-size", "4",
          "--statement-timeout", "5s", "--max-body-size", "4m", "--cursor-secret", SECRET));
    }
  }

  @AfterAll
  void stop() {
    servers.values().forEach(FraiseQLServer::close);
  }

  int port(String backend) {
    return servers.get(backend).port();
  }

  static void report(String backend, String what, Answer a) {
    System.out.printf("[hostile-input] %-6s %-58s -> %d %s in %d ms%n", backend, what, a.status(), a.code(), a.millis());
  }

  static Answer refused(String backend, String what, Answer a, int status, String code) {
    report(backend, what, a);
    assertThat(a.status()).as("%s on %s: %s", what, backend, a).isEqualTo(status);
    assertThat(a.code()).as("%s on %s: %s", what, backend, a).isEqualTo(code);
    assertThat(a.millis()).as("%s on %s", what, backend).isLessThan(QUICK_MS);
    return a;
  }

  // ----------------------------------------------------------------- pattern operators (item 3)

  static Map<String, Object> regexFlood(int n) {
    List<Object> or = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      or.add(Map.of("body", Map.of("imatches", "(a|aa)*(b|bb)*c.*" + i + "$")));
    }
    return Map.of("w", Map.of("comments", Map.of("some", Map.of("OR", or))));
  }

  static final String FLOOD = "query($w: PostWhereInput) { posts(where: $w, limit: 5) { id } }";

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aRegexFloodIsRefusedBeforeSqlAndPinsNoConnection(String backend) throws Exception {
    String flood = body(FLOOD, regexFlood(2_000));
    assertThat(flood.length()).isGreaterThan(60_000);
    ExecutorService clients = Executors.newFixedThreadPool(5);
    try {
      List<CompletableFuture<Answer>> floods = new ArrayList<>();
      for (int i = 0; i < 4; i++) { // as many as the pool has connections
        floods.add(CompletableFuture.supplyAsync(() -> post(port(backend), flood), clients));
      }
      Answer plain = CompletableFuture.supplyAsync(
          () -> post(port(backend), body("{ post(id: \"1\") { id title } }")), clients).get(60, TimeUnit.SECONDS);
      for (CompletableFuture<Answer> f : floods) {
        Answer a = refused(backend, "OR of 2,000 imatches in comments.some (67 KB)", f.get(60, TimeUnit.SECONDS),
            400, "BAD_USER_INPUT");
        assertThat(a.message()).contains("2000 pattern operators", "the limit is 20");
      }
      report(backend, "post(id:) next to four floods", plain);
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.body()).contains("\"id\":\"1\"");
      assertThat(plain.millis()).isLessThan(QUICK_MS);
    } finally {
      clients.shutdownNow();
    }
    // at the limit the filter runs
    Answer atLimit = post(port(backend), body(FLOOD, regexFlood(20)));
    report(backend, "OR of 20 imatches (the default limit)", atLimit);
    assertThat(atLimit.status()).as("%s", atLimit).isEqualTo(200);
    assertThat(atLimit.code()).isNull();
    // aggregate roots count too
    Answer aggregate = post(port(backend), body("query($w: PostWhereInput) { postsAggregate(where: $w) { count } }",
        regexFlood(21)));
    refused(backend, "OR of 21 imatches in postsAggregate", aggregate, 400, "BAD_USER_INPUT");
    // a long pattern
    Answer longPattern = post(port(backend), body("query($p: String) { posts(where: {title: {matches: $p}}) { id } }",
        Map.of("p", "a".repeat(1_001))));
    refused(backend, "one matches pattern of 1,001 characters", longPattern, 400, "BAD_USER_INPUT");
  }

  // ------------------------------------------------------------------- introspection (item 4a)

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void toolIntrospectionIsAnsweredAbusiveIntrospectionIsACoded4xx(String backend) {
    String nine = IntStream.range(0, 9)
        .mapToObj(i -> "t" + i + ": __type(name: \"" + List.of("Post", "User", "Comment").get(i % 3) + "\") { name fields { name } }")
        .collect(Collectors.joining(" ", "{ ", " }"));
    Answer a = post(port(backend), body(nine));
    report(backend, "nine __type aliases", a);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    JsonObject data = a.json().getJsonObject("data");
    assertThat(data.fieldNames()).hasSize(9);
    assertThat(data.getJsonObject("t8").getString("name")).isEqualTo("Comment");
    Answer full = post(port(backend), body(graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY));
    report(backend, "graphql-java's full introspection query", full);
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.json().fieldNames()).containsExactly("data");
    assertThat(full.json().getJsonObject("data").getJsonObject("__schema").getJsonArray("types")).isNotEmpty();
    refused(backend, "fields nested in fields (bad faith)", post(port(backend),
        body("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }")), 400, "BAD_USER_INPUT");
  }

  @Test
  void introspectionTurnedOffIsACoded400AndTypenameStillWorks() {
    FraiseQLServer closed = InputFixture.serve(url, "--introspection", "false", "--pool-size", "1");
    try {
      refused("jdbc", "__schema with --introspection false", post(closed.port(), body("{ __schema { types { name } } }")),
          400, "GRAPHQL_VALIDATION_FAILED");
      refused("jdbc", "__type in a fragment, --introspection false", post(closed.port(),
          body("query { ...T } fragment T on Query { __type(name: \"Post\") { name } }")), 400, "GRAPHQL_VALIDATION_FAILED");
      Answer typename = post(closed.port(), body("{ __typename post(id: \"1\") { __typename id } }"));
      report("jdbc", "__typename with --introspection false", typename);
      assertThat(typename.body()).isEqualTo("{\"data\":{\"__typename\":\"Query\",\"post\":{\"__typename\":\"Post\",\"id\":\"1\"}}}");
    } finally {
      closed.close();
    }
  }

  // --------------------------------------------------------------- lone surrogates (item 4b)

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void loneSurrogatesAreBadInputOverHttpAndThroughTheEngine(String backend) {
    // bodies written by hand: the escapes must reach the server as escapes
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("in the query", "{\"query\": \"{ posts(where: {title: {eq: \\\"\\ud800\\\"}}, limit: 1) { id } }\"}");
    bodies.put("in a variable", "{\"query\": \"query($t: String) { posts(where: {title: {eq: $t}}, limit: 1) { id } }\","
        + " \"variables\": {\"t\": \"x\\ud800\"}}");
    bodies.put("as an input field name", "{\"query\": \"query($w: PostWhereInput) { posts(where: $w, limit: 1) { id } }\","
        + " \"variables\": {\"w\": {\"\\ud800\": {\"eq\": \"x\"}}}}");
    bodies.put("in operationName", "{\"query\": \"query Q { posts(limit: 1) { id } }\", \"operationName\": \"Q\\ud800\"}");
    bodies.put("a lone low surrogate in a mutation input", "{\"query\": \"mutation { createComment(input: {postId: \\\"1\\\","
        + " authorId: \\\"1\\\", body: \\\"\\udc00\\\"}) { id } }\"}");
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      Answer a = refused(backend, "lone surrogate " + e.getKey(), post(port(backend), e.getValue()), 400, "BAD_USER_INPUT");
      assertThat(a.message()).contains("lone UTF-16 surrogate");
    }
    // the engine API: the same answer as bytes, well-formed UTF-8
    byte[] answer = servers.get(backend).engine().execute(new GraphQLRequest(
        "query($t: String) { posts(where: {title: {eq: $t}}) { id } }", null, Map.of("t", "\ud800"), Map.of()));
    assertThat(InputFixture.strictUtf8(answer)).startsWith("{\"errors\":[").contains("BAD_USER_INPUT");
  }

  // ------------------------------------------------------------------ input errors (item 5)

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void inputErrorsAreTheClientsNotTheDatabases(String backend) {
    Answer regex = post(port(backend), body("{ posts(where: {title: {matches: \"(\"}}, limit: 1) { id } }"));
    report(backend, "invalid regular expression", regex);
    assertThat(regex.code()).as("%s", regex).isEqualTo("BAD_USER_INPUT");
    assertThat(regex.extensions().getString("sqlState")).isEqualTo("2201B");
    assertThat(regex.status()).isEqualTo(200); // a field error: data is there (null)

    Answer like = post(port(backend), body("{ posts(where: {title: {like: \"%\\\\\"}}, limit: 1) { id } }"));
    report(backend, "LIKE pattern ending in \\", like);
    assertThat(like.code()).as("%s", like).isEqualTo("BAD_USER_INPUT");

    refused(backend, "NUL byte in a filter value", post(port(backend),
        body("{ posts(where: {title: {eq: \"a\\u0000b\"}}, limit: 1) { id } }")), 400, "BAD_USER_INPUT");

    Answer badId = post(port(backend), body("mutation { createComment(input: {postId: \"1x\", authorId: \"1\", body: \"hi\"}) { id } }"));
    report(backend, "non-integer id in a mutation input", badId);
    assertThat(badId.code()).as("%s", badId).isEqualTo("BAD_USER_INPUT");

    Answer notNull = post(port(backend), body("mutation { updateComment(id: \"2\", input: {body: null}) { id body } }"));
    report(backend, "NOT NULL violation", notNull);
    assertThat(notNull.code()).as("%s", notNull).isEqualTo("CONSTRAINT_VIOLATION");
    assertThat(notNull.extensions().getString("column")).isEqualTo("body");

    // 70,000 ids in one in list: one array parameter, no protocol limit
    List<String> ids = IntStream.rangeClosed(1, 70_000).mapToObj(Integer::toString).toList();
    Answer in = post(port(backend), body("query($ids: [ID!]) { posts(where: {id: {in: $ids}}, orderBy: {id: ASC}, limit: 3) { id } }",
        Map.of("ids", ids)));
    report(backend, "in list of 70,000 ids", in);
    assertThat(in.status()).isEqualTo(200);
    assertThat(in.body()).isEqualTo("{\"data\":{\"posts\":[{\"id\":\"1\"},{\"id\":\"2\"},{\"id\":\"3\"}]}}");

    // a filter nested 400 levels deep (within the JSON parser's nesting limit)
    Map<String, Object> deep = Map.of("title", Map.of("eq", "x"));
    for (int i = 0; i < 400; i++) {
      deep = Map.of("NOT", deep);
    }
    Answer nested = post(port(backend), body(FLOOD, Map.of("w", deep)));
    report(backend, "filter nested 400 NOTs deep", nested);
    assertThat(nested.status()).as("%s", nested).isLessThan(500);
    assertThat(nested.body()).doesNotContain("INTERNAL_ERROR", "DATABASE_ERROR", "CONNECTION_ERROR");
  }

  // ------------------------------------------------------------------------ cursors (item 7)

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void forgedCursorsAreBadInput(String backend) {
    Answer first = post(port(backend), body("{ postsConnection(first: 1, orderBy: {title: ASC}) { edges { cursor } } }"));
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    String cursor = first.json().getJsonObject("data").getJsonObject("postsConnection").getJsonArray("edges")
        .getJsonObject(0).getString("cursor");
    byte[] raw = Base64.getUrlDecoder().decode(cursor);
    int fingerprint = ByteBuffer.wrap(raw, 1, 4).getInt();
    String query = "query($c: String) { postsConnection(first: 1, after: $c, orderBy: {title: ASC}) { edges { node { id } } } }";
    byte[] nul = "[\"a\\u0000\", 1]".getBytes(StandardCharsets.UTF_8);
    byte[] wrongType = "[\"a\", \"one\"]".getBytes(StandardCharsets.UTF_8);
    // signed with the key anyone holding the SDL could derive
    String fromSchema = new CursorCodec(CursorCodec.deriveSecret(servers.get(backend).engine().schema().print()))
        .encode(fingerprint, nul, 0, nul.length);
    refused(backend, "cursor signed with the schema-derived key", post(port(backend), body(query, Map.of("c", fromSchema))),
        200, "BAD_USER_INPUT");
    // signed with the real secret (a leaked one): the values are still checked against their types
    CursorCodec real = new CursorCodec(SECRET.getBytes(StandardCharsets.UTF_8));
    Answer insider = post(port(backend), body(query, Map.of("c", real.encode(fingerprint, nul, 0, nul.length))));
    refused(backend, "validly signed cursor holding a NUL", insider, 200, "BAD_USER_INPUT");
    assertThat(insider.message()).isEqualTo("Invalid cursor");
    refused(backend, "validly signed cursor, text for a bigint key", post(port(backend),
        body(query, Map.of("c", real.encode(fingerprint, wrongType, 0, wrongType.length)))), 200, "BAD_USER_INPUT");
  }

  // ------------------------------------------------------------------ demo writes, end to end

  @Test
  void theDemoMutationsWriteAndReportOnEveryBackend() {
    int n = 0;
    for (String backend : servers.keySet()) {
      Answer created = post(port(backend), body("mutation { createComment(input: {postId: \"3\", authorId: \"7\","
          + " body: \"from " + backend + "\"}) { id body post { id } author { fullName } } }"));
      assertThat(created.status()).as("%s", created).isEqualTo(200);
      JsonObject c = created.json().getJsonObject("data").getJsonObject("createComment");
      assertThat(c.getString("body")).isEqualTo("from " + backend);
      String id = c.getString("id");
      Answer updated = post(port(backend), body("mutation { updateComment(id: \"" + id + "\", input: {body: \"edited\"}) { body } }"));
      assertThat(updated.body()).contains("\"edited\"");
      Answer deleted = post(port(backend), body("mutation { deleteComment(id: \"" + id + "\") { id body } }"));
      assertThat(deleted.body()).contains("\"edited\"");
      Answer gone = post(port(backend), body("mutation { deleteComment(id: \"" + id + "\") { id } }"));
      assertThat(gone.code()).isEqualTo("NOT_FOUND");
      String draft = Integer.toString(4 * (++n) + 100); // every fourth post is a draft
      Answer published = post(port(backend), body("mutation { publishPost(input: {postId: \"" + draft + "\"}) {"
          + " __typename ... on PublishPostSuccess { status updatedFields post { id published } }"
          + " ... on PublishPostError { code } } }"));
      assertThat(published.body()).as(backend).contains("PublishPostSuccess", "\"published\":true", "[\"published\"]");
      Answer again = post(port(backend), body("mutation { publishPost(input: {postId: \"" + draft + "\"}) {"
          + " __typename ... on PublishPostError { status code errors { identifier } } } }"));
      assertThat(again.body()).as(backend).contains("PublishPostError", "\"code\":422", "already_published");
    }
    JsonArray none = post(port("jdbc"), body("{ comments(where: {body: {startswith: \"from \"}}) { id } }"))
        .json().getJsonObject("data").getJsonArray("comments");
    assertThat(none).isEmpty();
  }
}
