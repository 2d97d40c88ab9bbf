package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations side of the server over real HTTP: CORS (preflights, simple requests, the
 * credentials rules), X-Request-Id, /metrics scraped before and after traffic, the JSON 404, and
 * GraphiQL's page and assets as a client sees them (the browser test runs them).
 */
class OperationsTest {
  static DatabaseUrl url;
  static Path schema;
  static FraiseQLServer server;
  static FraiseQLServer credentialed;

  @BeforeAll
  static void start() {
    url = Fixture.authDatabase("ops");
    schema = Fixture.authSchema();
    server = FraiseQLServer.start(Fixture.config(schema, url, "--backend", "vertx", "--graphiql",
        "--cors-origin", "https://app.example.com", "--cors-origin", "http://localhost:3000",
        "--session-variable", "app.tenant_id=header:X-Tenant-Id"));
    credentialed = FraiseQLServer.start(Fixture.config(schema, url, "--cors-origin", "https://app.example.com",
        "--cors-allow-credentials", "--metrics=false"));
  }

  @AfterAll
  static void stop() {
    server.close();
    credentialed.close();
    Fixture.dropRoles(url);
  }

  static HttpResponse<String> options(FraiseQLServer s, String origin, String method, String headers) {
    HttpRequest.Builder b = Fixture.request(s.port(), "/graphql").method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      b.header("Origin", origin);
    }
    if (method != null) {
      b.header("Access-Control-Request-Method", method);
    }
    if (headers != null) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return Fixture.send(b.build());
  }

  static HttpResponse<String> post(FraiseQLServer s, String origin, String query) {
    HttpRequest.Builder b = Fixture.request(s.port(), "/graphql").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Fixture.body(query)));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return Fixture.send(b.build());
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnswered() {
    HttpResponse<String> r = options(server, "https://app.example.com", "POST", "content-type, authorization, x-tenant-id");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, OPTIONS");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type, authorization, x-tenant-id");
    assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("7200");
    assertThat(r.headers().allValues("Vary").toString()).contains("Origin", "Access-Control-Request-Headers");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    assertThat(r.body()).isEmpty();
    // origins compare case-insensitively in scheme and host, as browsers serialize them lowercase anyway
    assertThat(options(server, "HTTP://LOCALHOST:3000", "GET", null).statusCode()).isEqualTo(204);
  }

  @Test
  void otherOriginsGetNoCorsHeadersAndTheirPreflightsAre403() {
    HttpResponse<String> preflight = options(server, "https://evil.example.com", "POST", "content-type");
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(new JsonObject(preflight.body()).getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("The origin https://evil.example.com may not call this server");
    HttpResponse<String> simple = post(server, "https://evil.example.com", "{ session { id } }");
    assertThat(simple.statusCode()).isEqualTo(200); // the browser withholds it; a same-origin page is unaffected
    assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(simple.headers().allValues("Vary").toString()).contains("Origin");
    assertThat(options(server, "https://app.example.com", "DELETE", null).statusCode()).isEqualTo(403);
    assertThat(options(server, "https://app.example.com", "POST", "bad header\u00e9").statusCode()).isEqualTo(403);
    // OPTIONS that is no preflight, and no Origin at all: the /graphql method rules
    assertThat(options(server, null, null, null).statusCode()).isEqualTo(405);
  }

  @Test
  void aSimpleRequestFromAnAllowedOriginGetsTheCorsHeaders() {
    HttpResponse<String> r = post(server, "https://app.example.com", "{ session { id } }");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Request-Id");
    assertThat(r.headers().allValues("Vary").toString()).contains("Origin");
    assertThat(r.body()).isEqualTo("{\"data\":{\"session\":[{\"id\":\"1\"}]}}");
  }

  @Test
  void withCredentialsTheOriginIsEchoedNeverAStar() {
    HttpResponse<String> preflight = options(credentialed, "https://app.example.com", "POST", "content-type");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    HttpResponse<String> simple = post(credentialed, "https://app.example.com", "{ session { id } }");
    assertThat(simple.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
  }

  @Test
  void anyOriginWithoutCredentialsIsAStar() {
    FraiseQLServer any = FraiseQLServer.start(Fixture.config(schema, url, "--cors-origin", "*", "--metrics=false"));
    try {
      HttpResponse<String> r = options(any, "https://whoever.example", "POST", "content-type");
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(post(any, "https://whoever.example", "{ session { id } }").headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("*");
      assertThat(Fixture.send(Fixture.request(any.port(), "/metrics").GET().build()).statusCode()).isEqualTo(404);
    } finally {
      any.close();
    }
  }

  @Test
  void theRequestIdIsTakenWhenSafeElseMadeAndAlwaysEchoed() {
    HttpResponse<String> given = Fixture.send(Fixture.request(server.port(), "/health").header("X-Request-Id", "abc-123.Z:9/x+y=@")
        .GET().build());
    assertThat(given.headers().firstValue("X-Request-Id")).hasValue("abc-123.Z:9/x+y=@");
    for (String unsafe : List.of("has space", "x".repeat(129), "semi;colon", "quote\"")) {
      HttpResponse<String> r = Fixture.send(Fixture.request(server.port(), "/health").header("X-Request-Id", unsafe).GET().build());
      assertThat(r.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{32}"));
    }
    HttpResponse<String> none = post(server, null, "{ session { id } }");
    HttpResponse<String> other = post(server, null, "{ session { id } }");
    assertThat(none.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{32}"));
    assertThat(none.headers().firstValue("X-Request-Id")).isNotEqualTo(other.headers().firstValue("X-Request-Id"));
  }

  @Test
  void unknownPathsAreAGraphqlShaped404() {
    HttpResponse<String> r = Fixture.send(Fixture.request(server.port(), "/nope/%C3%A9?x=1").GET().build());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    JsonObject error = new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("message")).startsWith("Nothing at /nope/").endsWith("; GraphQL is served at /graphql");
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("NOT_FOUND");
    HttpResponse<String> post = Fixture.send(Fixture.request(server.port(), "/health").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(Fixture.send(Fixture.request(server.port(), "/graphiql/nothing.js").GET().build()).statusCode()).isEqualTo(404);
  }

  /** The sample values of a metric in a Prometheus text exposition, by their label text. */
  static Map<String, Double> samples(String exposition, String metric) {
    Map<String, Double> out = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([^ ]+)$").matcher(exposition);
    while (m.find()) {
      out.put(m.group(1) == null ? "" : m.group(1), Double.parseDouble(m.group(2)));
    }
    return out;
  }

  static double sample(String exposition, String metric, String labels) {
    return samples(exposition, metric).getOrDefault(labels, 0.0);
  }

  static String scrape(FraiseQLServer s) {
    HttpResponse<String> r = Fixture.send(Fixture.request(s.port(), "/metrics").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    return r.body();
  }

  @Test
  void metricsCountRequestsOutcomesErrorsRowsAndThePool() {
    String before = scrape(server);
    assertThat(before).contains("# TYPE fraiseql_requests_total counter", "# TYPE fraiseql_request_duration_seconds histogram",
        "fraiseql_db_pool_connections{backend=\"vertx\",state=\"idle\"}", "jvm_memory_used_bytes");
    post(server, null, "query Docs { docs { id } }");
    post(server, null, "{ docs { id } }");
    post(server, null, "{ nope }");
    post(server, null, "mutation { createDoc(input: {id: \"1\", title: \"dup\"}) { id } }");
    Fixture.send(Fixture.request(server.port(), "/graphql").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    String after = scrape(server);
    String query = "{operation=\"query\",outcome=\"success\"}";
    assertThat(sample(after, "fraiseql_requests_total", query) - sample(before, "fraiseql_requests_total", query)).isEqualTo(2);
    String invalid = "{operation=\"unknown\",outcome=\"error\"}";
    assertThat(sample(after, "fraiseql_requests_total", invalid) - sample(before, "fraiseql_requests_total", invalid)).isEqualTo(1);
    String conflict = "{operation=\"mutation\",outcome=\"error\"}";
    assertThat(sample(after, "fraiseql_requests_total", conflict) - sample(before, "fraiseql_requests_total", conflict)).isEqualTo(1);
    String rejected = "{operation=\"unknown\",outcome=\"rejected\"}";
    assertThat(sample(after, "fraiseql_requests_total", rejected) - sample(before, "fraiseql_requests_total", rejected)).isEqualTo(1);
    for (String code : List.of("GRAPHQL_VALIDATION_FAILED", "CONFLICT", "BAD_USER_INPUT")) {
      String labels = "{code=\"" + code + "\"}";
      assertThat(sample(after, "fraiseql_errors_total", labels) - sample(before, "fraiseql_errors_total", labels)).as(code).isEqualTo(1);
    }
    assertThat(sample(after, "fraiseql_rows_streamed_total", "") - sample(before, "fraiseql_rows_streamed_total", ""))
        .isEqualTo(6); // three documents, twice (the anonymous role is the login role: no row-level security)
    String inf = "{operation=\"query\",outcome=\"success\",le=\"+Inf\"}";
    assertThat(sample(after, "fraiseql_request_duration_seconds_bucket", inf)
        - sample(before, "fraiseql_request_duration_seconds_bucket", inf)).isEqualTo(2);
    assertThat(samples(after, "fraiseql_request_duration_seconds_bucket")).containsKey("{operation=\"query\",outcome=\"success\",le=\"0.005\"}");
    double open = sample(after, "fraiseql_db_pool_connections", "{backend=\"vertx\",state=\"idle\"}")
        + sample(after, "fraiseql_db_pool_connections", "{backend=\"vertx\",state=\"active\"}");
    assertThat(open).isBetween(1.0, 4.0);
    assertThat(sample(after, "fraiseql_db_pool_max", "{backend=\"vertx\"}")).isEqualTo(4);
    assertThat(sample(after, "fraiseql_requests_in_flight", "")).isZero();
    // the scrape itself, health checks and GraphiQL are not GraphQL requests
    assertThat(samples(after, "fraiseql_requests_total").values().stream().mapToDouble(Double::doubleValue).sum()
        - samples(before, "fraiseql_requests_total").values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(5);
  }

  @Test
  void theJdbcPoolAlsoHasHikariCpsOwnMeters() {
    FraiseQLServer jdbc = FraiseQLServer.start(Fixture.config(schema, url, "--backend", "jdbc"));
    FraiseQLServer r2dbc = FraiseQLServer.start(Fixture.config(schema, url, "--backend", "r2dbc"));
    try {
      post(jdbc, null, "{ docs { id } }");
      post(r2dbc, null, "{ docs { id } }");
      String text = scrape(jdbc);
      assertThat(text).contains("hikaricp_connections_active{pool=\"fraiseql-jdbc\"}", "hikaricp_connections_pending{pool=\"fraiseql-jdbc\"}",
          "hikaricp_connections_idle{pool=\"fraiseql-jdbc\"}");
      assertThat(sample(text, "fraiseql_db_pool_max", "{backend=\"jdbc\"}")).isEqualTo(4);
      assertThat(sample(text, "fraiseql_db_pool_connections", "{backend=\"jdbc\",state=\"idle\"}")).isGreaterThanOrEqualTo(1);
      String r2 = scrape(r2dbc);
      assertThat(sample(r2, "fraiseql_db_pool_max", "{backend=\"r2dbc\"}")).isEqualTo(4);
      assertThat(sample(r2, "fraiseql_db_pool_connections", "{backend=\"r2dbc\",state=\"idle\"}")).isGreaterThanOrEqualTo(1);
      assertThat(sample(r2, "fraiseql_db_pool_connections", "{backend=\"r2dbc\",state=\"pending\"}")).isZero();
    } finally {
      jdbc.close();
      r2dbc.close();
    }
  }

  @Test
  void graphiqlIsServedToBrowsersFromTheJar() {
    HttpResponse<String> page = Fixture.send(Fixture.request(server.port(), "/graphql")
        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET().build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
    assertThat(page.body()).contains("graphiql/" + GraphiQL.VERSION + "/graphiql.min.js", "graphiql/fraiseql-graphiql.js")
        .doesNotContain("https://", "unpkg", "jsdelivr");
    for (String asset : List.of(GraphiQL.VERSION + "/graphiql.min.js", GraphiQL.VERSION + "/graphiql.min.css",
        GraphiQL.VERSION + "/react.production.min.js", GraphiQL.VERSION + "/react-dom.production.min.js")) {
      HttpResponse<String> r = Fixture.send(Fixture.request(server.port(), "/graphiql/" + asset).GET().build());
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
      assertThat(r.body().length()).as(asset).isGreaterThan(1000);
    }
    assertThat(Fixture.send(Fixture.request(server.port(), "/graphiql/fraiseql-graphiql.js").GET().build()).body())
        .contains("GraphiQL.createFetcher");
    // a GraphQL client's GET still gets JSON
    assertThat(Fixture.get(server.port(), "{ session { id } }", "application/json").body())
        .isEqualTo("{\"data\":{\"session\":[{\"id\":\"1\"}]}}");
    // off by default for serve: a browser then gets the GraphQL answer (400: no query)
    HttpResponse<String> off = Fixture.send(Fixture.request(credentialed.port(), "/graphql").header("Accept", "text/html, */*;q=0.8")
        .GET().build());
    assertThat(off.statusCode()).isEqualTo(400);
    assertThat(off.body()).contains("The request has no query");
  }
}
