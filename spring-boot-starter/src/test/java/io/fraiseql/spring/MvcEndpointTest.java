package io.fraiseql.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.fraiseql.api.DatabaseUrl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** /graphql on Spring MVC: the server's GraphQL-over-HTTP contract. */
class MvcEndpointTest {
  static DatabaseUrl url;

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class Mvc {}

  @BeforeAll
  static void database() {
    url = StarterDatabase.create("starter_mvc");
  }

  private WebApplicationContextRunner runner(String... extra) {
    return new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FraiseQLAutoConfiguration.class))
        .withUserConfiguration(Mvc.class)
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(StarterDatabase.properties(url, extra));
  }

  static MvcResult perform(WebApplicationContext context, RequestBuilder request) throws Exception {
    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
    return mvc.perform(request).andReturn();
  }

  static String body(MvcResult r) throws Exception {
    return r.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void answersPostAndGetWithContentNegotiation() {
    runner().run(context -> {
      MvcResult r = perform(context, post("/graphql").contentType("application/json")
          .content("{\"query\": \"query($id: ID!) { item(id: $id) { name } }\", \"variables\": {\"id\": \"3\"}}"));
      assertThat(r.getResponse().getStatus()).isEqualTo(200);
      assertThat(r.getResponse().getContentType()).isEqualTo("application/json; charset=utf-8");
      assertThat(body(r)).isEqualTo("{\"data\":{\"item\":{\"name\":\"item 3\"}}}");

      r = perform(context, get("/graphql").param("query", "{ items(limit: 1) { id } }")
          .header("Accept", "application/graphql-response+json"));
      assertThat(r.getResponse().getStatus()).isEqualTo(200);
      assertThat(r.getResponse().getContentType()).isEqualTo("application/graphql-response+json; charset=utf-8");
      assertThat(body(r)).isEqualTo("{\"data\":{\"items\":[{\"id\":\"1\"}]}}");

      // a request that does not validate: 400 with the GraphQL media type, 200 with plain JSON
      r = perform(context, post("/graphql").contentType("application/json").header("Accept", "application/graphql-response+json")
          .content("{\"query\": \"{ items { nope } }\"}"));
      assertThat(r.getResponse().getStatus()).isEqualTo(400);
      assertThat(body(r)).startsWith("{\"errors\":[").contains("GRAPHQL_VALIDATION_FAILED");
      r = perform(context, post("/graphql").contentType("application/json").content("{\"query\": \"{ items { nope } }\"}"));
      assertThat(r.getResponse().getStatus()).isEqualTo(200);

      SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
      assertThat(registry.get("fraiseql.requests").tags("transport", "mvc", "outcome", "data").timer().count()).isEqualTo(2);
      assertThat(registry.get("fraiseql.requests").tags("transport", "mvc", "outcome", "errors").timer().count()).isEqualTo(2);
    });
  }

  @Test
  void streamsLargeAnswersWhole() {
    runner().run(context -> {
      MvcResult r = perform(context, post("/graphql").contentType("application/json")
          .content("{\"query\": \"{ items(orderBy: [{id: ASC}]) { id name } }\"}"));
      String body = body(r);
      assertThat(r.getResponse().getStatus()).isEqualTo(200);
      assertThat(body).startsWith("{\"data\":{\"items\":[{\"id\":\"1\",\"name\":\"item 1\"},")
          .endsWith("{\"id\":\"3000\",\"name\":\"item 3000\"}]}}");
    });
  }

  @Test
  void refusesWhatTheContractRefuses() {
    runner("fraiseql.max-body-size=64").run(context -> {
      MvcResult r = perform(context, get("/graphql").param("query", "mutation { x }"));
      assertThat(r.getResponse().getStatus()).isEqualTo(405);
      assertThat(r.getResponse().getHeader("Allow")).isEqualTo("POST");
      assertThat(body(r)).contains("BAD_USER_INPUT", "cannot be sent with GET");

      r = perform(context, put("/graphql").content("{}"));
      assertThat(r.getResponse().getStatus()).isEqualTo(405);
      assertThat(r.getResponse().getHeader("Allow")).isEqualTo("GET, POST");

      assertThat(perform(context, post("/graphql").contentType("text/plain").content("{}")).getResponse().getStatus()).isEqualTo(415);
      assertThat(perform(context, get("/graphql").param("query", "{ items { id } }").header("Accept", "text/html"))
          .getResponse().getStatus()).isEqualTo(406);
      r = perform(context, post("/graphql").contentType("application/json").content("{\"query\": "));
      assertThat(r.getResponse().getStatus()).isEqualTo(400);
      assertThat(body(r)).isEqualTo("{\"errors\":[{\"message\":\"The request body is not valid JSON\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
      assertThat(perform(context, post("/graphql").contentType("application/json").content("[1]")).getResponse().getStatus()).isEqualTo(400);
      assertThat(perform(context, post("/graphql").contentType("application/json").content("{\"query\": 1}")).getResponse().getStatus()).isEqualTo(400);
      assertThat(perform(context, post("/graphql").contentType("application/json").content("{\"query\": \"{x}\", \"variables\": 3}"))
          .getResponse().getStatus()).isEqualTo(400);
      assertThat(perform(context, get("/graphql").param("query", "{ items { id } }").param("variables", "{"))
          .getResponse().getStatus()).isEqualTo(400);
      assertThat(perform(context, get("/graphql")).getResponse().getStatus()).isEqualTo(400);
      assertThat(perform(context, post("/graphql").contentType("application/json").content("")).getResponse().getStatus()).isEqualTo(400);
      r = perform(context, post("/graphql").contentType("application/json").content("{\"query\": \"{ items(limit: 1) { id name n } }\", \"operationName\": null}"));
      assertThat(r.getResponse().getStatus()).isEqualTo(413);
      assertThat(context.getBean(SimpleMeterRegistry.class).get("fraiseql.requests").tags("outcome", "refused").timer().count())
          .isEqualTo(12);
    });
  }

  @Test
  void sessionVariablesComeFromHeadersAndTheAuthenticatedPrincipal() {
    runner("fraiseql.session-variables=app.tenant_id=header:X-Tenant-Id,app.user_id=claim:org.id,app.user_name=principal")
        .run(context -> {
          Jwt jwt = new Jwt("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "none"),
              Map.of("sub", "ann", "org", Map.of("id", "org-9")));
          MvcResult r = perform(context, post("/graphql").contentType("application/json")
              .header("X-Tenant-Id", "42").header("security:principal", "mallory")
              .principal(new JwtAuthenticationToken(jwt))
              .content("{\"query\": \"{ sessions { tenant userId userName } }\"}"));
          assertThat(body(r)).isEqualTo("{\"data\":{\"sessions\":[{\"tenant\":\"42\",\"userId\":\"org-9\",\"userName\":\"ann\"}]}}");
          // no principal, no header: the settings stay unset
          r = perform(context, post("/graphql").contentType("application/json")
              .content("{\"query\": \"{ sessions { tenant userId userName } }\"}"));
          assertThat(body(r)).isEqualTo("{\"data\":{\"sessions\":[{\"tenant\":null,\"userId\":null,\"userName\":null}]}}");
        });
  }

  @Test
  void pathAndSwitchOff() {
    runner("fraiseql.path=/api/graphql").run(context -> {
      assertThat(perform(context, get("/api/graphql").param("query", "{ item(id: \"1\") { id } }")).getResponse().getStatus()).isEqualTo(200);
      assertThat(perform(context, get("/graphql").param("query", "{ item(id: \"1\") { id } }")).getResponse().getStatus()).isEqualTo(404);
    });
    runner("fraiseql.http-enabled=false").run(context -> assertThat(context).doesNotHaveBean("fraiseqlRouter"));
  }
}
