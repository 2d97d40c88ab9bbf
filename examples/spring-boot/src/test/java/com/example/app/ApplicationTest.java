package com.example.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/** The application on a random port over a real PostgreSQL: GraphQL, health and metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationTest {
  static final DatabaseUrl DB = TestDatabase.get().createDatabase("spring_boot_example");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.execute(DB, """
        CREATE TABLE tb_author (id bigint PRIMARY KEY, full_name text NOT NULL);
        CREATE TABLE tb_book (id bigint PRIMARY KEY, author_id bigint NOT NULL REFERENCES tb_author,
                              title text NOT NULL, published_on date);
        INSERT INTO tb_author VALUES (1, 'Ursula K. Le Guin'), (2, 'Stanislaw Lem');
        INSERT INTO tb_book VALUES (1, 1, 'The Dispossessed', '1974-05-01'), (2, 2, 'Solaris', '1961-01-01'),
                                   (3, 1, 'The Left Hand of Darkness', '1969-03-01');
        CREATE VIEW v_book AS
          SELECT b.id, b.published_on, jsonb_build_object('id', b.id, 'title', b.title, 'published_on', b.published_on,
                 'author', jsonb_build_object('id', a.id, 'full_name', a.full_name)) AS data
          FROM tb_book b JOIN tb_author a ON a.id = b.author_id;
        """);
    registry.add("spring.datasource.url", DB::jdbcUrl);
    registry.add("spring.datasource.username", DB::user);
    registry.add("spring.datasource.password", () -> DB.password() == null ? "" : DB.password());
  }

  @Value("${local.server.port}")
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesGraphQLWithHealthAndMetrics() throws Exception {
    URI graphql = URI.create("http://localhost:" + port + "/graphql");
    HttpResponse<String> r = send(HttpRequest.newBuilder(graphql).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"query\": \"{ books(orderBy: [{publishedOn: ASC}], limit: 2) { title publishedOn author { fullName } } }\"}")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"data\":{\"books\":[{\"title\":\"Solaris\",\"publishedOn\":\"1961-01-01\","
        + "\"author\":{\"fullName\":\"Stanislaw Lem\"}},{\"title\":\"The Left Hand of Darkness\",\"publishedOn\":\"1969-03-01\","
        + "\"author\":{\"fullName\":\"Ursula K. Le Guin\"}}]}}");

    r = send(HttpRequest.newBuilder(URI.create(graphql + "?query=%7B%20book(id%3A%20%222%22)%20%7B%20nope%20%7D%20%7D"))
        .header("Accept", "application/graphql-response+json"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("GRAPHQL_VALIDATION_FAILED");

    r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"fraiseql\":{", "\"backend\":\"jdbc\"").contains("\"status\":\"UP\"");

    // through WebClient (reactor-netty): it runs on the Netty and Reactor versions fraiseql-bom pins
    ResponseEntity<String> metrics = WebClient.create("http://localhost:" + port).get()
        .uri("/actuator/metrics/fraiseql.requests").retrieve().toEntity(String.class).block(Duration.ofSeconds(30));
    assertThat(metrics.getStatusCode().value()).isEqualTo(200);
    assertThat(metrics.getBody()).contains("\"name\":\"fraiseql.requests\"", "\"outcome\"");
  }
}
