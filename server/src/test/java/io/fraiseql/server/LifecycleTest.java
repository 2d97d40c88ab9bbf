package io.fraiseql.server;

import static io.fraiseql.server.Fixture.body;
import static io.fraiseql.server.Fixture.post;
import static io.fraiseql.server.Fixture.request;
import static io.fraiseql.server.Fixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Start, stop, overload and failure: each test runs a server of its own on the shared database. */
class LifecycleTest {
  static DatabaseUrl url;
  static Path schema;

  @BeforeAll
  static void database() {
    url = Fixture.database("lifecycle");
    schema = Fixture.schemaFile();
  }

  @Test
  void shutdownLetsInFlightRequestsFinishThenRefusesConnections() throws Exception {
    FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--shutdown-timeout", "5s"));
    int port = server.port();
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> post(port, body("{ slow { email } }"), null));
    awaitInFlight(server, 1);
    long start = System.nanoTime();
    server.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    HttpResponse<String> r = slow.join();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"data\":{\"slow\":[{\"email\":\"slow@example.com\"}]}}");
    assertThatThrownBy(() -> send(request(port, "/health").GET().build())).hasCauseInstanceOf(ConnectException.class);
    server.close(); // idempotent
  }

  @Test
  void shutdownStopsWaitingAfterItsTimeout() throws Exception {
    FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--shutdown-timeout", "100ms"));
    int port = server.port();
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> post(port, body("{ slow { email } }"), null));
    awaitInFlight(server, 1);
    long start = System.nanoTime();
    server.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    // the request could not finish: the client sees a failure, never a truncated success
    assertThatThrownBy(slow::join).isInstanceOf(CompletionException.class);
  }

  @Test
  void aFullQueueAnswers503AndTheServerRecovers() throws Exception {
    try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url,
        "--pool-size", "1", "--max-queued-requests", "1"))) {
      int port = server.port();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      calls.add(CompletableFuture.supplyAsync(() -> post(port, body("{ slow { id } }"), null)));
      awaitInFlight(server, 1);
      calls.add(CompletableFuture.supplyAsync(() -> post(port, body("{ slow { id } }"), null)));
      awaitInFlight(server, 2);
      HttpResponse<String> third = post(port, body("{ slow { id } }"), null);
      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.body()).contains("The server is busy", "INTERNAL_ERROR");
      for (CompletableFuture<HttpResponse<String>> c : calls) {
        assertThat(c.join().statusCode()).isEqualTo(200);
      }
      assertThat(post(port, body("{ user(id: \"1\") { id } }"), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws Exception {
    try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url)
        .withWriteTimeout(Duration.ofMillis(300)))) {
      try (Socket socket = new Socket()) {
        socket.setSoTimeout(20_000); // a hang here would be a failure, not a stuck build
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
        HttpServerTest.sendRaw(socket, "{ bigRows { id name payload } }");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (server.inFlight() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        while (server.inFlight() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        // the worker gave up without the client reading a byte; the client then sees a cut answer
        assertThat(server.inFlight()).isZero();
        String received = readUntilClosed(socket.getInputStream());
        assertThat(received).startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");
      }
      assertThat(post(server.port(), body("{ user(id: \"1\") { id } }"), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void statementTimeoutFlagReachesTheEngine() {
    try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, url, "--statement-timeout", "100ms"))) {
      HttpResponse<String> r = post(server.port(), body("{ slow { id } user(id: \"1\") { id } }"), Fixture.GQL);
      // data is there (null: slow is non-null), so the status is 200
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("{\"data\":null").contains("\"code\":\"TIMEOUT\"").doesNotContain("pg_sleep");
    }
  }

  @Test
  void readyIs503WhenTheDatabaseIsGone() throws Exception {
    DatabaseUrl doomed = Fixture.database("doomed");
    try (FraiseQLServer server = FraiseQLServer.start(Fixture.config(schema, doomed, "--pool-size", "1", "--pool-timeout", "500ms"))) {
      assertThat(send(request(server.port(), "/ready").GET().build()).statusCode()).isEqualTo(200);
      TestDatabase.execute(TestDatabase.get().serverUrl(), "DROP DATABASE \"" + doomed.database() + "\" WITH (FORCE)");
      HttpResponse<String> ready = send(request(server.port(), "/ready").GET().build());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("{\"status\":\"UNAVAILABLE\"}");
      // liveness does not depend on the database
      assertThat(send(request(server.port(), "/health").GET().build()).statusCode()).isEqualTo(200);
      HttpResponse<String> q = post(server.port(), body("{ user(id: \"1\") { id } }"), null);
      assertThat(q.statusCode()).isEqualTo(200);
      // the engine maps SQLSTATE 3D000 (no such database) to CONNECTION_ERROR; nothing about it leaks
      assertThat(q.body()).startsWith("{\"data\":{\"user\":null},\"errors\":[").contains("\"code\":\"CONNECTION_ERROR\"")
          .doesNotContain("jdbc:", doomed.database());
    }
  }

  @Test
  void aPortInUseIsAClearStartupError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ServerConfig config = Fixture.config(schema, url, "--port", String.valueOf(taken.getLocalPort()));
      assertThatThrownBy(() -> FraiseQLServer.start(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  static void awaitInFlight(FraiseQLServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.inFlight() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.inFlight()).isGreaterThanOrEqualTo(n);
  }

  static String readUntilClosed(InputStream in) {
    byte[] buf = new byte[65536];
    StringBuilder sb = new StringBuilder();
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection", e);
    } catch (IOException e) {
      // a reset connection ends the answer as well
    }
    return sb.toString();
  }
}
