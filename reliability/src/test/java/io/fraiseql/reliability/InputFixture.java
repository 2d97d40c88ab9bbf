package io.fraiseql.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import io.fraiseql.server.Main;
import io.fraiseql.tck.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input tests' database (the demo blog with its mutations), servers started through
 * the real command line on free loopback ports, and an HTTP client that sends bodies byte for
 * byte (a lone-surrogate escape must reach the server as the six ASCII characters of its escape).
 */
final class InputFixture {
  static final String GQL = "application/graphql-response+json";

  private InputFixture() {}

  /** A fresh database with the shipped mutation_response SQL and the demo blog. */
  static DatabaseUrl database(String name) {
    DatabaseUrl url = TestDatabase.get().createDatabase(name);
    TestDatabase.execute(url, resource("fraiseql/mutation_response.sql"));
    TestDatabase.execute(url, resource("fraiseql/demo/blog.sql"));
    return url;
  }

  static Path schemaFile() {
    try {
      Path f = Files.createTempFile("fraiseql-input", ".graphql");
      Files.writeString(f, resource("fraiseql/demo/blog.graphql"));
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command-line arguments of {@code serve} on a free loopback port, then {@code extra}. */
  static List<String> serveArgs(DatabaseUrl url, String... extra) {
    List<String> args = new ArrayList<>(List.of("serve", "--schema", schemaFile().toString(),
        "--database-url", TestDatabase.urlString(url), "--host", "127.0.0.1", "--port", "0"));
    args.addAll(List.of(extra));
    return args;
  }

  /** {@code serve} through the command line, in this JVM. */
  static FraiseQLServer serve(DatabaseUrl url, String... extra) {
    List<String> args = serveArgs(url, extra);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Running running = Main.run(args.toArray(String[]::new), Map.of(),
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(running.exitCode()).as("serve %s: %s", args, err.toString(StandardCharsets.UTF_8)).isZero();
    return running.server();
  }

  static String resource(String name) {
    try (InputStream in = InputFixture.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------- HTTP

  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: HTTP status, body, and how long it took. */
  record Answer(int status, String body, long millis) {
    JsonObject json() {
      return new JsonObject(body);
    }

    /** {@code extensions.code} of the first error, or null. */
    String code() {
      JsonObject o = json();
      return o.containsKey("errors") ? o.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code") : null;
    }

    /** {@code extensions} of the first error. */
    JsonObject extensions() {
      return json().getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
    }

    String message() {
      return json().getJsonArray("errors").getJsonObject(0).getString("message");
    }

    @Override
    public String toString() {
      return status + " " + code() + " in " + millis + " ms: " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  /**
   * POSTs {@code body} (ASCII JSON, sent as is) asking for the GraphQL-over-HTTP media type; the
   * answer must be well-formed UTF-8.
   */
  static Answer post(int port, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Accept", GQL)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)))
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), strictUtf8(r.body()), (System.nanoTime() - start) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A body {@code {"query": ..., "variables": ...}} built by Vert.x (proper JSON escaping). */
  static String body(String query, Map<String, Object> variables) {
    JsonObject o = new JsonObject().put("query", query);
    if (variables != null) {
      o.put("variables", new JsonObject(variables));
    }
    return o.encode();
  }

  static String body(String query) {
    return body(query, null);
  }

  /** Decodes strictly: malformed UTF-8 fails the test. */
  static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the answer is not well-formed UTF-8", e);
    }
  }
}
