package io.fraiseql.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.FraiseQL;
import io.fraiseql.SessionVariable;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.tck.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/** The engine bean: built from the application's database and fraiseql.*, and backing off. */
class FraiseQLAutoConfigurationTest {
  static DatabaseUrl url;

  @BeforeAll
  static void database() {
    url = StarterDatabase.create("starter_auto");
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FraiseQLAutoConfiguration.class));

  static String run(FraiseQL engine, String query) {
    return new String(engine.execute(GraphQLRequest.of(query)), StandardCharsets.UTF_8);
  }

  @Test
  void aDataSourceAndASchemaOnTheClassPathAreEnough() {
    runner.withPropertyValues(StarterDatabase.properties(url)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(FraiseQL.class).hasSingleBean(FraiseQLHealthIndicator.class)
          .hasBean("fraiseQLRequestObserver");
      FraiseQL engine = context.getBean(FraiseQL.class);
      assertThat(engine.backendId()).isEqualTo("jdbc");
      assertThat(run(engine, "{ item(id: \"7\") { id name n } }"))
          .isEqualTo("{\"data\":{\"item\":{\"id\":\"7\",\"name\":\"item 7\",\"n\":0}}}");
      Health health = context.getBean(FraiseQLHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("backend", "jdbc");
      // no registry in this context: metrics are a no-op
      assertThat(context.getBean(RequestObserver.class)).isSameAs(RequestObserver.NOOP);
    });
  }

  @Test
  void otherBackendsReadSpringDatasourceAsAUrl() {
    runner.withPropertyValues(StarterDatabase.properties(url, "fraiseql.backend=vertx", "fraiseql.pool-size=2",
        "fraiseql.statement-timeout=5s")).run(context -> {
          FraiseQL engine = context.getBean(FraiseQL.class);
          assertThat(engine.backendId()).isEqualTo("vertx");
          assertThat(run(engine, "{ items(limit: 2, orderBy: [{id: ASC}]) { id } }"))
              .isEqualTo("{\"data\":{\"items\":[{\"id\":\"1\"},{\"id\":\"2\"}]}}");
        });
  }

  @Test
  void fraiseqlDatabaseUrlNeedsNoDataSource() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FraiseQLAutoConfiguration.class))
        .withPropertyValues("fraiseql.database-url=" + TestDatabase.urlString(url), "fraiseql.schema=classpath:schema.graphql",
            "fraiseql.backend=jdbc")
        .run(context -> assertThat(run(context.getBean(FraiseQL.class), "{ item(id: \"1\") { name } }"))
            .isEqualTo("{\"data\":{\"item\":{\"name\":\"item 1\"}}}"));
  }

  @Test
  void sessionVariablesAndCustomizers() {
    runner.withPropertyValues(StarterDatabase.properties(url, "fraiseql.session-variables[0]=app.tenant_id=header:X-Tenant-Id",
            "fraiseql.session-variables[1]=app.user_id=claim:sub", "fraiseql.session-variables[2]=app.user_name=principal"))
        .withBean(FraiseQLBuilderCustomizer.class, () -> b -> b.documentCacheSize(10))
        .run(context -> {
          FraiseQL engine = context.getBean(FraiseQL.class);
          GraphQLRequest request = GraphQLRequest.of("{ sessions { tenant userId userName } }").withAttributes(Map.of(
              "x-tenant-id", "42", RequestAttributes.CLAIM + "sub", "u-7", RequestAttributes.PRINCIPAL, "ann"));
          assertThat(new String(engine.execute(request), StandardCharsets.UTF_8))
              .isEqualTo("{\"data\":{\"sessions\":[{\"tenant\":\"42\",\"userId\":\"u-7\",\"userName\":\"ann\"}]}}");
        });
  }

  @Test
  void theApplicationsOwnBeansWin() {
    FraiseQL own = FraiseQL.builder().schema("type Item @sqlSource(name: \"v_item\") { id: ID! } type Query { items: [Item!]! }")
        .databaseUrl(url).backend("jdbc").poolSize(1).build();
    try {
      runner.withPropertyValues(StarterDatabase.properties(url))
          .withBean(FraiseQL.class, () -> own)
          .withBean("fraiseqlHealthIndicator", FraiseQLHealthIndicator.class, () -> new FraiseQLHealthIndicator(own, java.time.Duration.ofSeconds(1)))
          .withBean(RequestObserver.class, () -> (t, o, n) -> { })
          .run(context -> {
            assertThat(context.getBean(FraiseQL.class)).isSameAs(own);
            assertThat(context).hasSingleBean(FraiseQLHealthIndicator.class).hasSingleBean(RequestObserver.class);
            assertThat(context.getBean(RequestObserver.class)).isNotSameAs(RequestObserver.NOOP);
          });
    } finally {
      own.close();
    }
  }

  @Test
  void metricsGoToTheApplicationsRegistry() {
    runner.withPropertyValues(StarterDatabase.properties(url)).withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          RequestObserver observer = context.getBean(RequestObserver.class);
          assertThat(observer).isInstanceOf(MicrometerRequestObserver.class);
          observer.observe("mvc", "data", 1_000_000);
          observer.observe("mvc", "data", 1_000_000);
          assertThat(context.getBean(SimpleMeterRegistry.class).get(MicrometerRequestObserver.METER)
              .tags("transport", "mvc", "outcome", "data").timer().count()).isEqualTo(2);
        });
  }

  @Test
  void theHealthIndicatorCanBeTurnedOffAndSaysDownWhenTheDatabaseIsGone() {
    runner.withPropertyValues(StarterDatabase.properties(url, "management.health.fraiseql.enabled=false"))
        .run(context -> assertThat(context).doesNotHaveBean(FraiseQLHealthIndicator.class));
    DatabaseUrl gone = TestDatabase.get().createDatabase("starter_gone");
    TestDatabase.execute(gone, "CREATE VIEW v_item AS SELECT 1::bigint AS id, '{}'::jsonb AS data;"
        + " CREATE VIEW v_session AS SELECT 1::bigint AS id, '{}'::jsonb AS data");
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FraiseQLAutoConfiguration.class))
        .withPropertyValues("fraiseql.database-url=" + TestDatabase.urlString(gone), "fraiseql.pool-timeout=500ms",
            "fraiseql.backend=jdbc")
        .run(context -> {
          TestDatabase.execute(TestDatabase.get().serverUrl(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = '" + gone.database() + "'; ALTER DATABASE \"" + gone.database() + "\" ALLOW_CONNECTIONS false");
          try {
            Health health = context.getBean(FraiseQLHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("backend");
          } finally {
            TestDatabase.execute(TestDatabase.get().serverUrl(), "ALTER DATABASE \"" + gone.database() + "\" ALLOW_CONNECTIONS true");
          }
        });
  }

  @Test
  void startupFailuresSayWhatIsMissing() {
    runner.withPropertyValues(StarterDatabase.properties(url, "fraiseql.schema=classpath:nope.graphql"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("fraiseql.schema: classpath:nope.graphql does not exist"));
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FraiseQLAutoConfiguration.class))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("FraiseQL needs a database"));
    runner.withPropertyValues(StarterDatabase.properties(url, "fraiseql.session-variables[0]=app.x=cookie:y"))
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("expected NAME=header:H, NAME=claim:PATH or NAME=principal"));
  }

  @Test
  void springDatasourceUrlsBecomeFraiseqlUrls() {
    MockEnvironment env = new MockEnvironment()
        .withProperty("spring.datasource.url", "jdbc:postgresql://db.example:6543/app?sslmode=require")
        .withProperty("spring.datasource.username", "app user")
        .withProperty("spring.datasource.password", "p@ss:word");
    DatabaseUrl parsed = FraiseQLAutoConfiguration.databaseUrl(new FraiseQLProperties(), env);
    assertThat(parsed.host()).isEqualTo("db.example");
    assertThat(parsed.port()).isEqualTo(6543);
    assertThat(parsed.database()).isEqualTo("app");
    assertThat(parsed.user()).isEqualTo("app user");
    assertThat(parsed.password()).isEqualTo("p@ss:word");
    assertThat(parsed.parameters()).containsEntry("sslmode", "require");
    assertThat(FraiseQLAutoConfiguration.databaseUrl(new FraiseQLProperties(),
        new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:mem:x"))).isNull();
    assertThat(FraiseQLAutoConfiguration.databaseUrl(new FraiseQLProperties(), new StandardEnvironment())).isNull();
    SessionVariable v = RequestAttributes.parse("app.tenant_id = header: X-Tenant-Id");
    assertThat(v.name()).isEqualTo("app.tenant_id");
    assertThat(v.provider().apply(GraphQLRequest.of("{x}").withAttributes(Map.of("x-tenant-id", "9")))).isEqualTo("9");
  }
}
