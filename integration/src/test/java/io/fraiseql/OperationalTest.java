package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session variables, timeouts and startup failures. */
class OperationalTest {
  static DatabaseUrl url;
  static FraiseQL engine;

  @BeforeAll
  static void start() {
    url = BlogFixture.createDatabase("ops");
    engine = BlogFixture.engine(url)
        .statementTimeout(Duration.ofMillis(100))
        .sessionVariable(SessionVariable.parse("app.tenant_id=header:X-Tenant-Id"))
        .build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static String asTenant(String tenant, String query) {
    GraphQLRequest r = GraphQLRequest.of(query);
    if (tenant != null) {
      r = r.withAttributes(Map.of("x-tenant-id", tenant));
    }
    return new String(engine.execute(r), StandardCharsets.UTF_8);
  }

  @Test
  void sessionVariablesReachTheViews() {
    assertThat(QueryEndToEndTest.ids(asTenant("t1", "{ tenantUsers { id } }"))).isEqualTo("1,3,5");
    assertThat(QueryEndToEndTest.ids(asTenant("t2", "{ tenantUsers { id } }"))).isEqualTo("2,4");
    // a missing header leaves the setting unset, and it never leaks from an earlier request
    assertThat(asTenant(null, "{ tenantUsers { id } }")).isEqualTo("{\"data\":{\"tenantUsers\":[]}}");
  }

  @Test
  void statementTimeoutIsATimeoutError() {
    String json = run(engine, "{ slowUsers { id } users(limit: 1) { id } }");
    assertThat(json).startsWith("{\"data\":null,\"errors\":[")
        .contains("\"code\":\"TIMEOUT\"", "\"path\":[\"slowUsers\"]")
        .doesNotContain("pg_sleep", "statement timeout");
    assertThat(run(engine, "{ slowUsers { id } }")).contains("TIMEOUT");
    assertThat(run(engine, "{ users(limit: 1) { id } }")).doesNotContain("errors");
  }

  @Test
  void sessionVariableSpecsAreValidated() {
    assertThatThrownBy(() -> SessionVariable.parse("tenant=header:X")).hasMessageContaining("qualified");
    assertThatThrownBy(() -> SessionVariable.parse("app.tenant_id=cookie:X")).hasMessageContaining("header:");
    assertThatThrownBy(() -> SessionVariable.parse("app.tenant_id=header:")).hasMessageContaining("header:");
    assertThatThrownBy(() -> SessionVariable.parse("app.user_id=claim:")).hasMessageContaining("claim:sub");
    assertThatThrownBy(() -> SessionVariable.parse("app.user_id=claim:org..id")).hasMessageContaining("claim:sub");
    assertThatThrownBy(() -> SessionVariable.parse("app.user_id=claim:.id")).hasMessageContaining("claim:sub");
    assertThatThrownBy(() -> SessionVariable.parse("app.user_id=claim:a b")).hasMessageContaining("claim:sub");
    assertThatThrownBy(() -> SessionVariable.parse("=claim:sub")).hasMessageContaining("claim:sub");
    SessionVariable org = SessionVariable.parse(" app.org = CLAIM:org.id ");
    assertThat(org.name()).isEqualTo("app.org");
    assertThat(org.provider().apply(GraphQLRequest.of("{ a }").withAttributes(Map.of("claim:org.id", "o-1", "org.id", "x"))))
        .isEqualTo("o-1");
    assertThat(SessionVariable.claimPath("app.org=claim:org.id")).isEqualTo("org.id");
    assertThat(SessionVariable.claimPath("app.t=header:X")).isNull();
  }

  @Test
  void theSchemaPrintsWithoutADatabase() {
    String sdl = FraiseQL.printSchema(BlogFixture.resource("schema.graphql"));
    assertThat(sdl).contains("input UserWhereInput {", "input UserOrderByInput {", "enum OrderDirection {", "scalar DateTime",
        "  users(\n", "where: UserWhereInput\n  ): [User!]!");
  }

  @Test
  void startupFailuresSayWhatIsWrongWithoutThePassword() {
    assertThatThrownBy(() -> FraiseQL.builder().schema("type Query { a: Int }").databaseUrl(url).backend("jdbc").build())
        .hasMessageContaining("Query.a returns Int");
    assertThatThrownBy(() -> FraiseQL.builder()
            .schema("type T @sqlSource(name: \"v_missing\") { id: ID! } type Query { ts: [T!]! }")
            .databaseUrl(url).backend("jdbc").build())
        .hasMessageContaining("source v_missing was not found in the database");
    assertThatThrownBy(() -> FraiseQL.builder()
            .schema(BlogFixture.resource("schema.graphql"))
            .databaseUrl("postgresql://app:hunter2@127.0.0.1:1/nowhere").backend("jdbc")
            .poolTimeout(Duration.ofMillis(500)).build())
        .hasMessageContaining("Cannot read the database catalog")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> FraiseQL.builder().databaseUrl(url).build()).hasMessageContaining("No schema");
    assertThatThrownBy(() -> FraiseQL.builder().schema("x").build()).hasMessageContaining("No database");
    assertThatThrownBy(() -> FraiseQL.builder().schemaFile(java.nio.file.Path.of("/nonexistent.graphql"))
        .databaseUrl(url).build()).hasMessageContaining("Cannot read the schema file");
    assertThatThrownBy(() -> FraiseQL.builder().backend("nosuch").schema(BlogFixture.resource("schema.graphql"))
        .databaseUrl(url).build()).hasMessageContaining("Unknown database backend 'nosuch'. Found: jdbc");
  }
}
