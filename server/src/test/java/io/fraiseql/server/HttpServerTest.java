package io.fraiseql.server;

import static io.fraiseql.server.Fixture.GQL;
import static io.fraiseql.server.Fixture.body;
import static io.fraiseql.server.Fixture.get;
import static io.fraiseql.server.Fixture.post;
import static io.fraiseql.server.Fixture.request;
import static io.fraiseql.server.Fixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP contract, against a real server on a free loopback port and a real PostgreSQL. */
class HttpServerTest {
  static final String JSON = "application/json";

  static DatabaseUrl url;
  static FraiseQLServer server;
  static int port;

  @BeforeAll
  static void start() {
    url = Fixture.database("http");
    Path schema = Fixture.schemaFile();
    server = FraiseQLServer.start(Fixture.config(schema, url,
        "--session-variable", "app.tenant_id=header:X-Tenant-Id",
        "--max-body-size", "64k", "--max-query-length", "2000", "--max-depth", "3", "--max-root-fields", "3")
        .withWriteTimeout(java.time.Duration.ofSeconds(10)));
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  static String code(HttpResponse<String> r) {
    return json(r).getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code");
  }

  @Test
  void postAnswersWithDataAndNegotiatedContentType() {
    HttpResponse<String> r = post(port, body("{ user(id: \"42\") { fullName email postCount } }"), GQL);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/graphql-response+json; charset=utf-8");
    assertThat(r.body()).isEqualTo(
        "{\"data\":{\"user\":{\"fullName\":\"Alan Dijkstra\",\"email\":\"alan.dijkstra@example.com\",\"postCount\":10}}}");
    // a small answer goes out whole, with its length
    assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(r.body().length()));

    HttpResponse<String> legacy = post(port, body("{ user(id: \"1\") { id } }"), null);
    assertThat(legacy.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(legacy.body()).isEqualTo("{\"data\":{\"user\":{\"id\":\"1\"}}}");
  }

  @Test
  void postWithVariablesOperationNameAndFilters() {
    String query = "query A($n: Int!) { posts(where: {author: {fullName: {eq: \"Ada Lovelace\"}}}, orderBy: [{id: ASC}], limit: $n) { id } }"
        + " query B { user(id: \"2\") { id } }";
    JsonObject req = new JsonObject().put("query", query).put("operationName", "A")
        .put("variables", new JsonObject().put("n", 3)).put("extensions", new JsonObject());
    HttpResponse<String> r = post(port, req.encode(), GQL);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"data\":{\"posts\":[{\"id\":\"1\"},{\"id\":\"101\"},{\"id\":\"201\"}]}}");
  }

  @Test
  void getRunsQueriesWithVariables() {
    String path = "/graphql?query=" + Fixture.encode("query U($id: ID!) { user(id: $id) { fullName } }")
        + "&variables=" + Fixture.encode("{\"id\":\"3\"}") + "&operationName=U";
    HttpResponse<String> r = send(request(port, path).header("Accept", GQL).GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"data\":{\"user\":{\"fullName\":\"Barbara Lovelace\"}}}");

    HttpResponse<String> anonymous = get(port, "{ comment(id: \"5000\") { body } }", null);
    assertThat(anonymous.body()).isEqualTo("{\"data\":{\"comment\":{\"body\":\"Comment 5000 on post 1000\"}}}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mutation { createUser(x: 1) { id } }|",
      "subscription { onPost { id } }|",
      "query Q { user(id: \"1\") { id } } mutation M { x }|M"})
  void getRefusesMutationsWith405(String query, String operationName) {
    String path = "/graphql?query=" + Fixture.encode(query) + (operationName == null ? "" : "&operationName=" + operationName);
    HttpResponse<String> r = send(request(port, path).header("Accept", GQL).GET().build());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("allow")).hasValue("POST");
    assertThat(code(r)).isEqualTo("BAD_USER_INPUT");
    assertThat(r.body()).contains("cannot be sent with GET");
  }

  @Test
  void getOfAQueryInAMixedDocumentRuns() {
    String path = "/graphql?query=" + Fixture.encode("query Q { user(id: \"1\") { id } } mutation M { x }") + "&operationName=Q";
    HttpResponse<String> r = send(request(port, path).GET().build());
    // the engine validates the whole document: the mutation type does not exist in this schema
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(code(r)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  void mutationOverPostReachesTheEngine() {
    HttpResponse<String> r = post(port, body("mutation { x }"), GQL);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).containsKey("data")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{ user(id: 1) { |GRAPHQL_PARSE_FAILED",
      "{ nope }|GRAPHQL_VALIDATION_FAILED",
      "query($n: Int!) { users(limit: $n) { id } }|BAD_USER_INPUT"})
  void requestErrorsAre400WithGraphqlResponseJsonAnd200WithJson(String query, String expectedCode) {
    HttpResponse<String> strict = post(port, body(query), GQL);
    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(strict.headers().firstValue("content-type")).hasValue("application/graphql-response+json; charset=utf-8");
    assertThat(json(strict).containsKey("data")).isFalse();
    assertThat(code(strict)).isEqualTo(expectedCode);

    HttpResponse<String> legacy = post(port, body(query), JSON);
    assertThat(legacy.statusCode()).isEqualTo(200);
    assertThat(legacy.body()).isEqualTo(strict.body());
  }

  @Test
  void wrongVariableTypesAndUnknownOperationsAreErrorsAndTheServerKeepsServing() {
    JsonObject wrong = new JsonObject().put("query", "query($n: Int!) { users(limit: $n) { id } }")
        .put("variables", new JsonObject().put("n", "ten"));
    HttpResponse<String> r = post(port, wrong.encode(), GQL);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(code(r)).isEqualTo("BAD_USER_INPUT");

    JsonObject unknown = new JsonObject().put("query", "query A { user(id: \"1\") { id } }").put("operationName", "B");
    HttpResponse<String> u = post(port, unknown.encode(), GQL);
    assertThat(u.statusCode()).isEqualTo(400);
    assertThat(code(u)).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(u.body()).contains("no operation named 'B'");

    assertThat(post(port, body("{ user(id: \"1\") { id } }"), GQL).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"query\": |not valid JSON",
      "[1, 2]|must be a JSON object",
      "\"text\"|must be a JSON object",
      "{}|has no query",
      "{\"query\": \"  \"}|has no query",
      "{\"query\": 42}|query must be a string",
      "{\"query\": \"{ users { id } }\", \"operationName\": 1}|operationName must be a string",
      "{\"query\": \"{ users { id } }\", \"variables\": [1]}|variables must be a JSON object",
      "{\"query\": \"{ users { id } }\", \"variables\": \"{}\"}|variables must be a JSON object"})
  void malformedBodiesAre400EitherWay(String requestBody, String message) {
    for (String accept : new String[] {GQL, JSON}) {
      HttpResponse<String> r = post(port, requestBody, accept);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(code(r)).isEqualTo("BAD_USER_INPUT");
      assertThat(json(r).getJsonArray("errors").getJsonObject(0).getString("message")).contains(message);
    }
  }

  @Test
  void emptyBodyIs400() {
    HttpResponse<String> r = send(request(port, "/graphql").header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("body is empty", "BAD_USER_INPUT");
  }

  @Test
  void getWithoutQueryOrWithBadVariablesIs400() {
    HttpResponse<String> r = send(request(port, "/graphql").GET().build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("has no query");
    HttpResponse<String> v = send(request(port, "/graphql?query=" + Fixture.encode("{ users { id } }") + "&variables=%7Bnope").GET().build());
    assertThat(v.statusCode()).isEqualTo(400);
    assertThat(v.body()).contains("variables parameter is not valid JSON");
  }

  @Test
  void wrongContentTypeIs415AndOtherMethodsAre405() {
    HttpResponse<String> r = send(request(port, "/graphql").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body("{ users { id } }"))).build());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(code(r)).isEqualTo("BAD_USER_INPUT");

    HttpResponse<String> put = send(request(port, "/graphql").header("Content-Type", JSON)
        .PUT(HttpRequest.BodyPublishers.ofString(body("{ users { id } }"))).build());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("allow")).hasValue("GET, POST");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*/*|application/json",
      "application/*|application/json",
      "application/json, application/graphql-response+json|application/graphql-response+json",
      "application/graphql-response+json;q=0.5, application/json|application/json",
      "application/json;q=0.5, application/graphql-response+json;q=0.9|application/graphql-response+json",
      "text/html, */*;q=0.1|application/json"})
  void contentNegotiation(String accept, String expected) {
    HttpResponse<String> r = post(port, body("{ user(id: \"1\") { id } }"), accept);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue(expected + "; charset=utf-8");
  }

  @Test
  void unacceptableMediaTypeIs406() {
    HttpResponse<String> r = post(port, body("{ user(id: \"1\") { id } }"), "text/html");
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(r.body()).contains("application/graphql-response+json");
    HttpResponse<String> g = send(request(port, "/graphql?query=x").header("Accept", "image/png").GET().build());
    assertThat(g.statusCode()).isEqualTo(406);
  }

  @Test
  void overLimitBodyIs413() {
    String padding = "#".repeat(70 * 1024);
    HttpResponse<String> r = post(port, body("{ users(limit: 1) { id } }\n" + padding), GQL);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("larger than the limit of 65536 bytes", "BAD_USER_INPUT");
    assertThat(post(port, body("{ user(id: \"1\") { id } }"), GQL).statusCode()).isEqualTo(200);
  }

  @Test
  void overLimitQueriesAreBadUserInput() {
    HttpResponse<String> longQuery = post(port, body("{ users(limit: 1) { id } }" + " ".repeat(2100)), GQL);
    assertThat(longQuery.statusCode()).isEqualTo(400);
    assertThat(code(longQuery)).isEqualTo("BAD_USER_INPUT");
    assertThat(longQuery.body()).contains("the limit is 2000");

    HttpResponse<String> deep = post(port, body("{ posts { comments { author { id } } } }"), GQL);
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(code(deep)).isEqualTo("BAD_USER_INPUT");

    HttpResponse<String> wide = post(port, body("{ a: user(id: \"1\") { id } b: user(id: \"2\") { id }"
        + " c: user(id: \"3\") { id } d: user(id: \"4\") { id } }"), GQL);
    assertThat(wide.statusCode()).isEqualTo(400);
    assertThat(wide.body()).contains("4 root fields; the limit is 3");

    // a long query over GET is handled the same way, not cut by the URL length
    HttpResponse<String> longGet = get(port, "{ users(limit: 1) { id } }" + " ".repeat(2100), GQL);
    assertThat(longGet.statusCode()).isEqualTo(400);
    assertThat(code(longGet)).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void sessionVariablesComeFromHeaders() {
    HttpResponse<String> r = send(request(port, "/graphql").header("Content-Type", JSON).header("X-Tenant-Id", "acme")
        .POST(HttpRequest.BodyPublishers.ofString(body("{ whoami { tenant } }"))).build());
    assertThat(r.body()).isEqualTo("{\"data\":{\"whoami\":[{\"tenant\":\"acme\"}]}}");
    HttpResponse<String> none = post(port, body("{ whoami { tenant } }"), JSON);
    assertThat(none.body()).isEqualTo("{\"data\":{\"whoami\":[{\"tenant\":null}]}}");
  }

  @Test
  void healthAndReady() {
    HttpResponse<String> health = send(request(port, "/health").GET().build());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    HttpResponse<String> ready = send(request(port, "/ready").GET().build());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"READY\"}");
    assertThat(send(request(port, "/nowhere").GET().build()).statusCode()).isEqualTo(404);
  }

  @Test
  void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 1; i <= 32; i++) {
        String id = String.valueOf(i);
        boolean even = i % 2 == 0;
        answers.add(pool.submit(() -> even
            ? post(port, body("{ user(id: \"" + id + "\") { id postCount } }"), GQL)
            : get(port, "{ user(id: \"" + id + "\") { id postCount } }", GQL)));
      }
      for (int i = 1; i <= 32; i++) {
        HttpResponse<String> r = answers.get(i - 1).get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"data\":{\"user\":{\"id\":\"" + i + "\",\"postCount\":10}}}");
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void largeAnswerIsStreamedCompleteAndValid() {
    HttpResponse<String> r = post(port, body("{ bigRows { id name payload } }"), GQL);
    assertThat(r.statusCode()).isEqualTo(200);
    // streamed in chunks: no length known up front
    assertThat(r.headers().firstValue("content-length")).isEmpty();
    assertThat(r.body().length()).isGreaterThan(10_000_000);
    JsonArray rows = json(r).getJsonObject("data").getJsonArray("bigRows");
    assertThat(rows.size()).isEqualTo(Fixture.BIG_ROWS);
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      assertThat(row.getString("id")).isEqualTo(String.valueOf(i + 1));
      assertThat(row.getString("payload")).hasSize(200);
    }
  }

  @Test
  void aSlowReaderGetsEverythingThroughBackPressure() throws Exception {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(20_000);
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
      sendRaw(socket, "{ bigRows { id name payload } }");
      Thread.sleep(800);
      // the server cannot have finished: the answer does not fit in the socket buffers
      assertThat(server.inFlight()).isEqualTo(1);
      String response = readAll(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked")
          .contains("\"id\":\"50000\"").endsWith("0\r\n\r\n");
    }
    awaitIdle();
  }

  @Test
  void aClientThatLeavesMidStreamFreesItsWorker() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      sendRaw(socket, "{ bigRows { id name payload } }");
      byte[] some = socket.getInputStream().readNBytes(100_000);
      assertThat(new String(some, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
    }
    awaitIdle();
    assertThat(post(port, body("{ user(id: \"1\") { id } }"), GQL).statusCode()).isEqualTo(200);
  }

  @Test
  void http2CleartextWorksToo() {
    java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
    try {
      HttpResponse<String> small = h2.send(request(port, "/graphql?query=" + Fixture.encode("{ user(id: \"1\") { id } }")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(small.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
      assertThat(small.body()).isEqualTo("{\"data\":{\"user\":{\"id\":\"1\"}}}");
      HttpResponse<String> big = h2.send(request(port, "/graphql").header("Content-Type", JSON)
          .POST(HttpRequest.BodyPublishers.ofString(body("{ bigRows { id } }"))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(big.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
      assertThat(json(big).getJsonObject("data").getJsonArray("bigRows").size()).isEqualTo(Fixture.BIG_ROWS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fieldErrorsKeepStatus200() {
    // a failing root field is null with an error; data is there, so the status stays 200
    HttpResponse<String> r = post(port, body("{ user(id: \"not-a-number\") { id } }"), GQL);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).containsKey("data")).isTrue();
    assertThat(code(r)).isEqualTo("BAD_USER_INPUT");
  }

  static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.inFlight()).isZero();
  }

  static void sendRaw(Socket socket, String query) throws java.io.IOException {
    byte[] content = body(query).getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Connection: close\r\nContent-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(content);
    out.flush();
  }

  static String readAll(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    return buf.toString(StandardCharsets.UTF_8);
  }
}
