package io.fraiseql.server;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test databases with the demo blog plus test-only sources, servers on free ports, HTTP helpers. */
final class Fixture {
  /** The GraphQL-over-HTTP response media type, as a client puts it in {@code Accept}. */
  static final String GQL = "application/graphql-response+json";
  static final int BIG_ROWS = 50_000;

  private Fixture() {}

  static String testResource(String name) {
    try (InputStream in = Fixture.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh database with the demo's SQL, the mutation_response SQL and the test sources. */
  static DatabaseUrl database(String name) {
    DatabaseUrl url = TestDatabase.get().createDatabase(name);
    TestDatabase.execute(url, SqlScripts.resource(SqlScripts.MUTATION_RESPONSE));
    TestDatabase.execute(url, SqlScripts.resource(Demo.DATA_RESOURCE));
    TestDatabase.execute(url, testResource("server-fixture.sql"));
    return url;
  }

  /**
   * A fresh database with {@code auth/fixture.sql}: documents under row-level security for the
   * roles {@link #viewer} and {@link #admin} (named after the database: roles belong to the whole
   * cluster), a view of the session's settings and role, and a view that counts its reads. Drop
   * the roles with {@link #dropRoles}.
   */
  static DatabaseUrl authDatabase(String name) {
    DatabaseUrl url = TestDatabase.get().createDatabase(name);
    TestDatabase.execute(url, testResource("auth/fixture.sql")
        .replace("${viewer}", "\"" + viewer(url) + "\"").replace("${admin}", "\"" + admin(url) + "\""));
    return url;
  }

  static String viewer(DatabaseUrl authDatabase) {
    return authDatabase.database() + "_viewer";
  }

  static String admin(DatabaseUrl authDatabase) {
    return authDatabase.database() + "_admin";
  }

  static void dropRoles(DatabaseUrl authDatabase) {
    TestDatabase.execute(authDatabase, "DROP OWNED BY \"" + viewer(authDatabase) + "\", \"" + admin(authDatabase) + "\"");
    TestDatabase.execute(TestDatabase.get().serverUrl(), "DROP ROLE IF EXISTS \"" + viewer(authDatabase)
        + "\"; DROP ROLE IF EXISTS \"" + admin(authDatabase) + "\"");
  }

  /** The SDL of {@link #authDatabase}, in a file. */
  static java.nio.file.Path authSchema() {
    return Tokens.file(testResource("auth/schema.graphql"), ".graphql");
  }

  /** The demo SDL plus the test sources. */
  static String schema() {
    return Demo.schema()
        .replace("type Query {", "type Whoami @sqlSource(name: \"v_whoami\") { id: ID! tenant: String }\n"
            + "type Slow @sqlSource(name: \"v_slow\") { id: ID! email: String! }\n"
            + "type Big @sqlSource(name: \"tv_big\") { id: ID! name: String! payload: String! }\n"
            + "type Query {\n  whoami: [Whoami!]!\n  slow: [Slow!]!\n  bigRows: [Big!]!\n");
  }

  /** The command-line arguments of a serve on a free loopback port, plus {@code extra}. */
  static List<String> serveArgs(java.nio.file.Path schemaFile, DatabaseUrl url, String... extra) {
    List<String> given = List.of(extra);
    List<String> args = new ArrayList<>(List.of("serve", "--schema", schemaFile.toString(),
        "--database-url", TestDatabase.urlString(url), "--host", "127.0.0.1"));
    for (String[] dflt : new String[][] {{"--port", "0"}, {"--pool-size", "4"}}) {
      if (!given.contains(dflt[0])) {
        args.addAll(List.of(dflt));
      }
    }
    args.addAll(given);
    return args;
  }

  /** A configuration parsed by the real command line. */
  static ServerConfig config(java.nio.file.Path schemaFile, DatabaseUrl url, String... extra) {
    Cli.Command c = Cli.parse(serveArgs(schemaFile, url, extra), Map.of());
    return ((Cli.Serve) c).config();
  }

  static java.nio.file.Path schemaFile() {
    try {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("fraiseql-test", ".graphql");
      java.nio.file.Files.writeString(f, schema());
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * HTTP/1.1, as curl and most clients speak it. (JDK 17's client fails in-flight HTTP/2 streams
   * when the server sends GOAWAY during a graceful shutdown; {@code HttpServerTest} covers h2c.)
   */
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpRequest.Builder request(int port, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  static HttpResponse<String> post(int port, String body, String accept) {
    HttpRequest.Builder b = request(port, "/graphql").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return send(b.build());
  }

  static HttpResponse<String> get(int port, String query, String accept) {
    HttpRequest.Builder b = request(port, "/graphql?query=" + encode(query)).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    return send(b.build());
  }

  static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** {@code {"query": q}} with q escaped. */
  static String body(String query) {
    return new io.vertx.core.json.JsonObject().put("query", query).encode();
  }
}
