package io.fraiseql.server;

import static io.fraiseql.server.Fixture.GQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.http.PersistedQueries;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Persisted queries over real HTTP: Apollo's automatic persisted queries (the hash alone, the miss,
 * the registration with the text, GET with the hash and no query), documents loaded at startup, and
 * the persisted-only mode.
 */
class PersistedQueriesTest {
  static final String QUERY = "query One($id: ID!) { user(id: $id) { fullName } }";
  static final String ANSWER = "{\"data\":{\"user\":{\"fullName\":\"Alan Dijkstra\"}}}";

  static DatabaseUrl url;
  static Path schema;

  @BeforeAll
  static void start() {
    url = Fixture.database("persisted");
    schema = Fixture.schemaFile();
  }

  static String apq(String query, String hash) {
    JsonObject body = new JsonObject().put("variables", new JsonObject().put("id", "42"))
        .put("extensions", new JsonObject().put("persistedQuery", new JsonObject().put("version", 1).put("sha256Hash", hash)));
    if (query != null) {
      body.put("query", query);
    }
    return body.encode();
  }

  static HttpResponse<String> getWithHash(int port, String hash, String accept) {
    String ext = "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}";
    var b = Fixture.request(port, "/graphql?variables=" + Fixture.encode("{\"id\":\"42\"}") + "&extensions=" + Fixture.encode(ext))
        .GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    return Fixture.send(b.build());
  }

  static JsonObject error(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void automaticPersistedQueriesMissThenRegisterThenRunByHashAlone(String backend) {
    FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--backend", backend));
    try {
      int port = server.port();
      String hash = PersistedQueries.sha256(QUERY);
      HttpResponse<String> miss = Fixture.post(port, apq(null, hash), null);
      assertThat(miss.statusCode()).isEqualTo(200); // Apollo's clients turn persisted queries off on a 400
      assertThat(miss.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(error(miss).getString("message")).isEqualTo("PersistedQueryNotFound");
      assertThat(error(miss).getJsonObject("extensions").getString("code")).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
      assertThat(getWithHash(port, hash, GQL).statusCode()).isEqualTo(404);

      HttpResponse<String> registered = Fixture.post(port, apq(QUERY, hash), GQL);
      assertThat(registered.statusCode()).isEqualTo(200);
      assertThat(registered.body()).isEqualTo(ANSWER);

      assertThat(Fixture.post(port, apq(null, hash.toUpperCase(java.util.Locale.ROOT)), GQL).body()).isEqualTo(ANSWER);
      HttpResponse<String> get = getWithHash(port, hash, GQL);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(ANSWER);
    } finally {
      server.close();
    }
  }

  @Test
  void aHashThatDoesNotMatchItsTextOrAMalformedExtensionIsBadUserInput() {
    FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url));
    try {
      int port = server.port();
      HttpResponse<String> mismatch = Fixture.post(port, apq(QUERY, PersistedQueries.sha256("{ other }")), GQL);
      assertThat(mismatch.statusCode()).isEqualTo(400);
      assertThat(error(mismatch).getJsonObject("extensions").getString("code")).isEqualTo("BAD_USER_INPUT");
      assertThat(error(mismatch).getString("message")).contains("does not match");
      String version2 = "{\"query\":\"{ __typename }\",\"extensions\":{\"persistedQuery\":{\"version\":2,\"sha256Hash\":\""
          + PersistedQueries.sha256("{ __typename }") + "\"}}}";
      assertThat(error(Fixture.post(port, version2, GQL)).getString("message")).contains("version");
      assertThat(error(Fixture.post(port, "{\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"xyz\"}}}", GQL))
          .getString("message")).contains("64 hexadecimal digits");
      assertThat(error(Fixture.post(port, "{\"query\":\"{ __typename }\",\"extensions\":[1]}", GQL)).getString("message"))
          .isEqualTo("extensions must be an object");
      var badJson = Fixture.send(Fixture.request(port, "/graphql?query=" + Fixture.encode("{ __typename }") + "&extensions=%7B").GET().build());
      assertThat(badJson.statusCode()).isEqualTo(400);
      assertThat(error(badJson).getString("message")).isEqualTo("The extensions parameter is not valid JSON");
      // a mutation is still refused over GET when it comes by hash
      String mutation = "mutation { __typename }";
      Fixture.post(port, "{\"query\":\"" + mutation + "\",\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\""
          + PersistedQueries.sha256(mutation) + "\"}}}", GQL);
      assertThat(getWithHash(port, PersistedQueries.sha256(mutation), GQL).statusCode()).isEqualTo(405);
    } finally {
      server.close();
    }
  }

  @Test
  void documentsLoadedAtStartupRunByHashAndOnlyThemWhenAsked(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("one.graphql"), QUERY);
    Files.writeString(dir.resolve("README.txt"), "not a document");
    String hash = PersistedQueries.sha256(QUERY);
    FraiseQLServer open = FraiseQLServer.start(Fixture.config(schema, url, "--persisted-queries", dir.toString()));
    try {
      assertThat(Fixture.post(open.port(), apq(null, hash), GQL).body()).isEqualTo(ANSWER);
      assertThat(Fixture.post(open.port(), Fixture.body("{ __typename }"), GQL).statusCode()).isEqualTo(200);
    } finally {
      open.close();
    }
    FraiseQLServer only = FraiseQLServer.start(Fixture.config(schema, url, "--persisted-queries", dir.toString(),
        "--persisted-queries-only"));
    try {
      int port = only.port();
      assertThat(getWithHash(port, hash, GQL).body()).isEqualTo(ANSWER);
      // the text of a persisted document runs too: it is the same document
      assertThat(Fixture.post(port, new JsonObject().put("query", QUERY).put("variables", new JsonObject().put("id", "42"))
          .encode(), GQL).body()).isEqualTo(ANSWER);
      HttpResponse<String> other = Fixture.post(port, Fixture.body("{ __typename }"), GQL);
      assertThat(other.statusCode()).isEqualTo(400);
      assertThat(error(other).getJsonObject("extensions").getString("code")).isEqualTo("ARBITRARY_QUERY_NOT_ALLOWED");
      // nothing is registered from a client
      String text = "{ __typename }";
      HttpResponse<String> register = Fixture.post(port, "{\"query\":\"" + text + "\",\"extensions\":{\"persistedQuery\":"
          + "{\"version\":1,\"sha256Hash\":\"" + PersistedQueries.sha256(text) + "\"}}}", GQL);
      assertThat(error(register).getJsonObject("extensions").getString("code")).isEqualTo("ARBITRARY_QUERY_NOT_ALLOWED");
      assertThat(error(Fixture.post(port, apq(null, PersistedQueries.sha256(text)), null)).getJsonObject("extensions")
          .getString("code")).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
    } finally {
      only.close();
    }
  }

  @Test
  void aPersistedDocumentThatDoesNotValidateStopsTheStartup(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("good.graphql"), QUERY);
    Files.writeString(dir.resolve("bad.graphql"), "{ nope }");
    assertThatThrownBy(() -> FraiseQLServer.start(Fixture.config(schema, url, "--persisted-queries", dir.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad.graphql").hasMessageContaining("is not valid");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> FraiseQLServer.start(Fixture.config(schema, url, "--persisted-queries", empty.toString())))
        .hasMessageContaining("has no .graphql files");
    assertThatThrownBy(() -> Fixture.config(schema, url, "--persisted-queries-only"))
        .isInstanceOf(Cli.UsageException.class).hasMessageContaining("--persisted-queries DIR");
  }
}
