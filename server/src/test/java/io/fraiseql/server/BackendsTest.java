package io.fraiseql.server;

import static io.fraiseql.server.Fixture.body;
import static io.fraiseql.server.Fixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.Backends;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every backend on the server's class path serves the same bytes through --backend. */
class BackendsTest {
  static DatabaseUrl url;
  static Path schema;

  @BeforeAll
  static void database() {
    url = Fixture.database("backends");
    schema = Fixture.schemaFile();
  }

  static Stream<String> backends() {
    List<BackendProvider> found = Backends.discover(BackendsTest.class.getClassLoader());
    return found.stream().map(BackendProvider::id).sorted();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void servesTheSameAnswers(String backend) {
    try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--backend", backend))) {
      assertThat(server.engine().backendId()).isEqualTo(backend);
      HttpResponse<String> small = post(server.port(), body(
          "{ posts(where: {published: {eq: false}}, orderBy: [{createdAt: DESC}], limit: 2) { id title author { fullName } } }"),
          Fixture.GQL);
      assertThat(small.body()).isEqualTo("{\"data\":{\"posts\":["
          + "{\"id\":\"1000\",\"title\":\"Back-pressure, part 100\",\"author\":{\"fullName\":\"Linus Torvalds\"}},"
          + "{\"id\":\"996\",\"title\":\"Connection pools, part 100\",\"author\":{\"fullName\":\"Frances Torvalds\"}}]}}");
      HttpResponse<String> big = post(server.port(), body("{ bigRows { id payload } }"), Fixture.GQL);
      assertThat(big.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(big.body()).getJsonObject("data").getJsonArray("bigRows").size()).isEqualTo(Fixture.BIG_ROWS);
    }
  }
}
