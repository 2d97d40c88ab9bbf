package io.fraiseql.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/** /graphql on WebFlux: the same contract, streamed off the event loop. */
class WebFluxEndpointTest {
  static DatabaseUrl url;

  @Configuration(proxyBeanMethods = false)
  @EnableWebFlux
  static class Flux {}

  @BeforeAll
  static void database() {
    url = StarterDatabase.create("starter_flux");
  }

  private ReactiveWebApplicationContextRunner runner(String... extra) {
    // no DataSource here: a reactive application names its database for the engine
    String[] props = new String[extra.length + 3];
    props[0] = "fraiseql.database-url=" + io.fraiseql.tck.TestDatabase.urlString(url);
    props[1] = "fraiseql.backend=vertx";
    props[2] = "fraiseql.pool-timeout=30s"; // a generous bound: several builds share two cores here
    System.arraycopy(extra, 0, props, 3, extra.length);
    return new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FraiseQLAutoConfiguration.class))
        .withUserConfiguration(Flux.class)
        .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(props);
  }

  static WebTestClient client(ApplicationContext context) {
    return WebTestClient.bindToApplicationContext(context).build().mutate().responseTimeout(Duration.ofSeconds(30)).build();
  }

  static EntityExchangeResult<String> post(ApplicationContext context, String accept, String body) {
    return client(context).post().uri("/graphql").header("Content-Type", "application/json").header("Accept", accept)
        .bodyValue(body).exchange().expectBody(String.class).returnResult();
  }

  @Test
  void answersWithTheServersStatusesAndStreams() {
    runner().run(context -> {
      EntityExchangeResult<String> r = post(context, "application/json", "{\"query\": \"{ item(id: \\\"5\\\") { name n } }\"}");
      assertThat(r.getStatus().value()).isEqualTo(200);
      assertThat(r.getResponseHeaders().getFirst("Content-Type")).isEqualTo("application/json;charset=utf-8");
      assertThat(r.getResponseBody()).isEqualTo("{\"data\":{\"item\":{\"name\":\"item 5\",\"n\":5}}}");

      r = post(context, "application/graphql-response+json", "{\"query\": \"{ items { nope } }\"}");
      assertThat(r.getStatus().value()).isEqualTo(400);
      assertThat(r.getResponseBody()).contains("GRAPHQL_VALIDATION_FAILED");
      assertThat(post(context, "application/json", "{\"query\": \"{ items { nope } }\"}").getStatus().value()).isEqualTo(200);

      r = post(context, "application/json", "{\"query\": \"{ items(orderBy: [{id: DESC}]) { id name } }\"}");
      assertThat(r.getResponseBody()).startsWith("{\"data\":{\"items\":[{\"id\":\"3000\",\"name\":\"item 3000\"},")
          .endsWith("{\"id\":\"1\",\"name\":\"item 1\"}]}}");

      EntityExchangeResult<String> g = client(context).get().uri(java.net.URI.create("http://localhost/graphql?query=%7Bq%7D"))
          .exchange().expectBody(String.class).returnResult();
      assertThat(g.getStatus().value()).isEqualTo(200);
      assertThat(g.getResponseBody()).contains("GRAPHQL_VALIDATION_FAILED");

      SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
      assertThat(registry.get("fraiseql.requests").tags("transport", "webflux", "outcome", "data").timer().count()).isEqualTo(2);
      assertThat(registry.get("fraiseql.requests").tags("transport", "webflux", "outcome", "errors").timer().count()).isEqualTo(3);
    });
  }

  @Test
  void refusesWhatTheContractRefuses() {
    runner("fraiseql.max-body-size=64").run(context -> {
      EntityExchangeResult<String> r = client(context).get().uri(java.net.URI.create("http://localhost/graphql?query=%7Bmutation%7D"))
          .exchange().expectBody(String.class).returnResult();
      assertThat(r.getStatus().value()).isEqualTo(200); // a query named like a keyword is still a query
      r = client(context).get().uri(java.net.URI.create("http://localhost/graphql?query=mutation%20%7B%20x%20%7D")).exchange().expectBody(String.class).returnResult();
      assertThat(r.getStatus().value()).isEqualTo(405);
      assertThat(r.getResponseHeaders().getFirst("Allow")).isEqualTo("POST");
      r = client(context).put().uri("/graphql").bodyValue("{}").exchange().expectBody(String.class).returnResult();
      assertThat(r.getStatus().value()).isEqualTo(405);
      assertThat(r.getResponseHeaders().getFirst("Allow")).isEqualTo("GET, POST");
      assertThat(client(context).post().uri("/graphql").header("Content-Type", "text/plain").bodyValue("{}").exchange()
          .expectBody(String.class).returnResult().getStatus().value()).isEqualTo(415);
      assertThat(client(context).get().uri(java.net.URI.create("http://localhost/graphql?query=%7Bx%7D")).header("Accept", "text/html").exchange()
          .expectBody(String.class).returnResult().getStatus().value()).isEqualTo(406);
      assertThat(client(context).post().uri("/graphql").header("Accept", "text/html").exchange()
          .expectBody(String.class).returnResult().getStatus().value()).isEqualTo(406);
      r = post(context, "application/json", "{\"query\": ");
      assertThat(r.getStatus().value()).isEqualTo(400);
      assertThat(r.getResponseBody()).contains("The request body is not valid JSON");
      assertThat(client(context).post().uri("/graphql").header("Content-Type", "application/json").exchange()
          .expectBody(String.class).returnResult().getStatus().value()).isEqualTo(400);
      assertThat(post(context, "application/json", "{\"query\": \"{ items(limit: 1) { id name n } }\", \"operationName\": null}   ")
          .getStatus().value()).isEqualTo(413);
      assertThat(context.getBean(SimpleMeterRegistry.class).get("fraiseql.requests").tags("outcome", "refused").timer().count())
          .isEqualTo(8);
    });
  }

  @Test
  void sessionVariablesFromHeadersAndTheJwt() {
    Jwt jwt = new Jwt("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "none"), Map.of("sub", "bob"));
    runner("fraiseql.session-variables=app.tenant_id=header:X-Tenant-Id,app.user_id=claim:sub,app.user_name=principal")
        .withBean(WebFilter.class, () -> (exchange, chain) -> chain.filter(exchange.mutate()
            .principal(Mono.just(new JwtAuthenticationToken(jwt))).build()))
        .run(context -> {
          EntityExchangeResult<String> r = client(context).post().uri("/graphql").header("Content-Type", "application/json")
              .header("X-Tenant-Id", "7").bodyValue("{\"query\": \"{ sessions { tenant userId userName } }\"}")
              .exchange().expectBody(String.class).returnResult();
          assertThat(r.getResponseBody()).isEqualTo("{\"data\":{\"sessions\":[{\"tenant\":\"7\",\"userId\":\"bob\",\"userName\":\"bob\"}]}}");
        });
  }
}
