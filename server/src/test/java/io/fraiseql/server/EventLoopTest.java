package io.fraiseql.server;

import static io.fraiseql.server.Fixture.GQL;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where requests run: with a non-blocking backend a request whose document is already parsed runs
 * on the event loop (the first one of a document is parsed on a worker), and the vertx backend
 * answers on the server's own event loops; with JDBC every request goes to a worker. The answers
 * are the same bytes either way, also for concurrent requests, errors and mutations.
 */
class EventLoopTest {
  static final String BY_ID = "{\"query\":\"query One($id: ID!) { user(id: $id) { fullName } }\",\"variables\":{\"id\":\"42\"}}";
  static final String ANSWER = "{\"data\":{\"user\":{\"fullName\":\"Alan Dijkstra\"}}}";

  static DatabaseUrl url;
  static Path schema;

  @BeforeAll
  static void start() {
    url = Fixture.database("eventloop");
    schema = Fixture.schemaFile();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void knownDocumentsRunOnTheEventLoopOfANonBlockingBackend(String backend) {
    FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--backend", backend, "--pool-size", "2"));
    try {
      int port = server.port();
      GraphQLHandler handler = server.graphql();
      assertThat(Fixture.post(port, BY_ID, GQL).body()).isEqualTo(ANSWER); // parsed on a worker
      assertThat(handler.ranOnEventLoop()).isZero();

      // concurrent requests beyond the pool: they queue for a connection, never for a thread
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> Fixture.post(port, BY_ID, GQL)));
      }
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(ANSWER);
      }
      HttpResponse<String> invalid = Fixture.post(port, "{\"query\":\"{ user(id: 1) { nope } }\"}", GQL);
      assertThat(invalid.statusCode()).isEqualTo(400);
      HttpResponse<String> again = Fixture.post(port, "{\"query\":\"{ user(id: 1) { nope } }\"}", GQL);
      assertThat(again.body()).isEqualTo(invalid.body());

      boolean nonBlocking = !backend.equals("jdbc");
      assertThat(handler.ranOnEventLoop()).isEqualTo(nonBlocking ? 17 : 0);
      if (backend.equals("vertx")) {
        // the backend's connections live on the server's event loops: no second Vert.x
        assertThat(handler.answeredOnServerLoops()).isEqualTo(18);
      }
    } finally {
      server.close();
    }
  }

  /**
   * One HTTP server per processor shares the port (Vert.x hands each new connection to the next
   * one), so requests running on the event loop are not all on one thread; closing frees the port.
   */
  @org.junit.jupiter.api.Test
  void httpServersShareThePortOnePerProcessor() {
    FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--backend", "vertx", "--pool-size", "2"));
    int port = server.port();
    try {
      assertThat(server.ports()).hasSize(FraiseQLServer.HTTP_SERVERS).containsOnly(port);
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 4 * FraiseQLServer.HTTP_SERVERS; i++) {
        // concurrent: the client opens a connection for each request that finds none idle
        answers.add(CompletableFuture.supplyAsync(() -> Fixture.post(port, BY_ID, GQL)));
      }
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        assertThat(a.join().body()).isEqualTo(ANSWER);
      }
    } finally {
      server.close();
    }
    FraiseQLServer again = FraiseQLServer.start(Fixture.config(schema, url, "--backend", "vertx", "--port",
        String.valueOf(port)));
    try {
      assertThat(again.port()).isEqualTo(port);
      assertThat(Fixture.post(port, BY_ID, GQL).body()).isEqualTo(ANSWER);
    } finally {
      again.close();
    }
  }
}
