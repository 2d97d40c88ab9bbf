package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens over real HTTP on loopback, on every backend: claims become session variables,
 * the role claim runs every transaction under that role (row-level security filters the rows),
 * and bad tokens are 401 before any SQL runs.
 */
class JwtTest {
  static final List<String> BACKENDS = List.of("jdbc", "vertx", "r2dbc");
  static final Map<String, FraiseQLServer> SERVERS = new LinkedHashMap<>();
  static DatabaseUrl url;
  static Path schema;
  static String viewer;
  static String admin;

  @BeforeAll
  static void start() {
    url = Fixture.authDatabase("auth");
    viewer = Fixture.viewer(url);
    admin = Fixture.admin(url);
    schema = Fixture.authSchema();
    for (String backend : BACKENDS) {
      SERVERS.put(backend, start("--backend", backend, "--jwt-secret", Tokens.SECRET, "--jwt-issuer", Tokens.ISSUER,
          "--jwt-audience", Tokens.AUDIENCE, "--jwt-role-claim", "role",
          "--session-variable", "app.user_id=claim:sub", "--session-variable", "app.org_id=claim:org.id",
          "--session-variable", "app.tenant_id=header:X-Tenant-Id"));
    }
  }

  static FraiseQLServer start(String... args) {
    return FraiseQLServer.start(Fixture.config(schema, url, args));
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(FraiseQLServer::close);
    SERVERS.clear();
    Fixture.dropRoles(url);
  }

  static HttpResponse<String> post(FraiseQLServer server, String token, String query) {
    HttpRequest.Builder b = Fixture.request(server.port(), "/graphql").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Fixture.body(query)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return Fixture.send(b.build());
  }

  static String token(Map<String, Object> claims) {
    return Tokens.hs256(Tokens.claims(claims).build());
  }

  static long reads() {
    try (var c = TestDatabase.connect(url); var st = c.createStatement();
        var rs = st.executeQuery("SELECT last_value + (CASE WHEN is_called THEN 1 ELSE 0 END) FROM reads")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void claimsBecomeSessionVariablesAndTheRoleClaimTheRole(String backend) {
    HttpResponse<String> r = post(SERVERS.get(backend), token(Map.of("sub", "alice", "org", Map.of("id", 7), "role", viewer)),
        "{ session { userId orgId role } }");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"data\":{\"session\":[{\"userId\":\"alice\",\"orgId\":\"7\",\"role\":\"" + viewer + "\"}]}}");
    // without a token: no claims, the connection's own role; a header-sourced variable still works
    HttpResponse<String> anonymous = Fixture.send(Fixture.request(SERVERS.get(backend).port(), "/graphql")
        .header("Content-Type", "application/json").header("X-Tenant-Id", "t-1")
        .POST(HttpRequest.BodyPublishers.ofString(Fixture.body("{ session { userId tenant role } }"))).build());
    assertThat(anonymous.body()).isEqualTo("{\"data\":{\"session\":[{\"userId\":null,\"tenant\":\"t-1\",\"role\":\"" + url.user() + "\"}]}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void rowLevelSecurityFiltersByTheRoleAndTheSubClaim(String backend) {
    FraiseQLServer server = SERVERS.get(backend);
    assertThat(post(server, token(Map.of("sub", "alice", "role", viewer)), "{ docs { id title } }").body())
        .isEqualTo("{\"data\":{\"docs\":[{\"id\":\"1\",\"title\":\"a1\"},{\"id\":\"3\",\"title\":\"a2\"}]}}");
    assertThat(post(server, token(Map.of("sub", "bob", "role", viewer)), "{ docs { id title } }").body())
        .isEqualTo("{\"data\":{\"docs\":[{\"id\":\"2\",\"title\":\"b1\"}]}}");
    assertThat(post(server, token(Map.of("sub", "bob", "role", admin)), "{ docs { id } }").body())
        .contains("\"id\":\"1\"", "\"id\":\"2\"", "\"id\":\"3\"");
    // a session variable's claim may be missing: the setting stays unset, the policy lets nothing through
    assertThat(post(server, token(Map.of("role", viewer)), "{ docs { id } }").body()).isEqualTo("{\"data\":{\"docs\":[]}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void mutationsRunUnderTheRoleToo(String backend) {
    int id = 100 + BACKENDS.indexOf(backend);
    FraiseQLServer server = SERVERS.get(backend);
    String carol = token(Map.of("sub", "carol-" + backend, "role", viewer));
    assertThat(post(server, carol, "mutation { createDoc(input: {id: \"" + id + "\", title: \"mine\"}) { id owner } }").body())
        .isEqualTo("{\"data\":{\"createDoc\":{\"id\":\"" + id + "\",\"owner\":\"carol-" + backend + "\"}}}");
    assertThat(post(server, carol, "{ docs { id } }").body()).isEqualTo("{\"data\":{\"docs\":[{\"id\":\"" + id + "\"}]}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aRoleTheDatabaseDoesNotKnowIsForbidden(String backend) {
    HttpResponse<String> r = post(SERVERS.get(backend), token(Map.of("sub", "alice", "role", "ghost of " + backend)),
        "{ docs { id } }");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject error = new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("FORBIDDEN");
    assertThat(r.body()).startsWith("{\"data\":null,").doesNotContain("ghost", "does not exist");
    HttpResponse<String> write = post(SERVERS.get(backend), token(Map.of("role", "ghost")),
        "mutation { createDoc(input: {id: \"900\", title: \"x\"}) { id } }");
    assertThat(write.body()).contains("\"createDoc\":null", "\"code\":\"FORBIDDEN\"");
  }

  /** A claims builder with one change. */
  interface Change {
    void apply(JWTClaimsSet.Builder b);
  }

  static String tokenWith(Change change) {
    JWTClaimsSet.Builder b = Tokens.claims(Map.of("sub", "alice", "role", viewer));
    change.apply(b);
    return Tokens.hs256(b.build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void badTokensAre401BeforeAnySql(String backend) {
    FraiseQLServer server = SERVERS.get(backend);
    Instant now = Instant.now();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put(tokenWith(b -> b.expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))), "The bearer token has expired");
    bad.put(tokenWith(b -> b.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))), "The bearer token is not valid yet");
    bad.put(tokenWith(b -> b.audience("someone-else")), "The bearer token is meant for another audience");
    bad.put(tokenWith(b -> b.audience((String) null)), "The bearer token is meant for another audience");
    bad.put(tokenWith(b -> b.issuer("https://evil.test")), "The bearer token was issued by someone else");
    bad.put(Tokens.hmac(JWSAlgorithm.HS256, Tokens.claims(Map.of("sub", "alice")).build(),
        "another secret that is also long enough for HS256".getBytes(StandardCharsets.UTF_8)), "The bearer token's signature is not valid");
    bad.put(Tokens.unsigned(Tokens.claims(Map.of("sub", "alice")).build()), "The bearer token is malformed");
    bad.put("not.a.token", "The bearer token is malformed");
    bad.put(tokenWith(b -> b.claim("role", List.of("a", "b"))), "The bearer token's role claim is not a string");
    String valid = tokenWith(b -> { });
    bad.put(valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA"), "The bearer token's signature is not valid");
    long before = reads();
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = post(server, e.getKey(), "{ counted { n } }");
      assertThat(r.statusCode()).as(e.getValue()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).as(e.getValue())
          .hasValue("Bearer error=\"invalid_token\", error_description=\"" + e.getValue() + "\"");
      assertThat(r.body()).isEqualTo("{\"errors\":[{\"message\":\"" + e.getValue()
          + "\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
    }
    HttpResponse<String> basic = Fixture.send(Fixture.request(server.port(), "/graphql?query=" + Fixture.encode("{ counted { n } }"))
        .header("Authorization", "Basic YWxpY2U6c2VjcmV0").GET().build());
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer error=\"invalid_request\""));
    assertThat(reads()).as("no request reached the database").isEqualTo(before);
    // within the clock skew (30 s) an expired token still passes
    assertThat(post(server, tokenWith(b -> b.expirationTime(Date.from(now.minusSeconds(5)))), "{ counted { n } }").statusCode())
        .isEqualTo(200);
    assertThat(reads()).isEqualTo(before + 1);
  }

  @Test
  void aRequiredTokenMustBeThereAndAnRsaOrEcKeyVerifiesIt() {
    KeyPair rsa = Tokens.rsa();
    KeyPair ec = Tokens.ec();
    FraiseQLServer required = start("--jwt-public-key", Tokens.pem(rsa).toString(), "--jwt-required",
        "--jwt-role-claim", "https://fraiseql.test/claims.role", "--session-variable", "app.user_id=claim:sub");
    FraiseQLServer es = start("--backend", "vertx", "--jwt-public-key", Tokens.pem(ec).toString(),
        "--session-variable", "app.user_id=claim:sub");
    try {
      long before = reads();
      HttpResponse<String> missing = post(required, null, "{ counted { n } }");
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(missing.body()).contains("A bearer token is required", "UNAUTHENTICATED");
      assertThat(Fixture.get(required.port(), "{ counted { n } }", null).statusCode()).isEqualTo(401);
      assertThat(reads()).isEqualTo(before);
      JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("rsa-user")
          .claim("https://fraiseql.test/claims.role", viewer) // a claim name with dots, read whole
          .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
      for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
        assertThat(post(required, Tokens.sign(alg, claims, rsa.getPrivate()), "{ session { userId role } }").body())
            .as(alg.getName()).isEqualTo("{\"data\":{\"session\":[{\"userId\":\"rsa-user\",\"role\":\"" + viewer + "\"}]}}");
      }
      // an HMAC token "signed" with the public key (the algorithm confusion attack) is refused
      String confused = Tokens.hmac(JWSAlgorithm.HS256, claims, rsa.getPublic().getEncoded());
      assertThat(post(required, confused, "{ session { userId } }").statusCode()).isEqualTo(401);
      assertThat(post(required, Tokens.sign(JWSAlgorithm.RS256, claims, Tokens.rsa().getPrivate()), "{ session { userId } }")
          .statusCode()).isEqualTo(401);
      assertThat(post(es, Tokens.sign(JWSAlgorithm.ES256, claims, ec.getPrivate()), "{ session { userId role } }").body())
          .isEqualTo("{\"data\":{\"session\":[{\"userId\":\"rsa-user\",\"role\":\"" + url.user() + "\"}]}}");
      assertThat(post(es, Tokens.sign(JWSAlgorithm.ES256, claims, Tokens.ec().getPrivate()), "{ session { userId } }")
          .statusCode()).isEqualTo(401);
      // no iss/aud configured: any issuer and audience pass; no token is fine when not required
      assertThat(post(es, null, "{ session { userId } }").body()).isEqualTo("{\"data\":{\"session\":[{\"userId\":null}]}}");
    } finally {
      required.close();
      es.close();
    }
  }

  @Test
  void theDefaultRoleAppliesWithoutARoleClaim() {
    FraiseQLServer server = start("--backend", "r2dbc", "--jwt-secret", Tokens.SECRET, "--jwt-role-claim", "role",
        "--default-role", viewer, "--session-variable", "app.user_id=claim:sub");
    FraiseQLServer noJwt = start("--default-role", admin);
    try {
      assertThat(post(server, null, "{ session { role } docs { id } }").body())
          .isEqualTo("{\"data\":{\"session\":[{\"role\":\"" + viewer + "\"}],\"docs\":[]}}");
      String bob = Tokens.hs256(new JWTClaimsSet.Builder().subject("bob").build()); // no exp, iss or aud: accepted
      assertThat(post(server, bob, "{ docs { id } }").body()).isEqualTo("{\"data\":{\"docs\":[{\"id\":\"2\"}]}}");
      assertThat(post(server, Tokens.hs256(new JWTClaimsSet.Builder().claim("role", admin).build()), "{ session { role } }")
          .body()).contains(admin);
      assertThat(post(noJwt, "ignored.because.unread", "{ session { role } }").body()).contains(admin);
    } finally {
      server.close();
      noJwt.close();
    }
  }
}
