package io.fraiseql.reliability;

import static io.fraiseql.reliability.NetFixture.HTTP1;
import static io.fraiseql.reliability.NetFixture.body;
import static io.fraiseql.reliability.NetFixture.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import io.fraiseql.tck.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /ready} says whether the database answers, not whether the pool has a free connection:
 * with every connection busy it answers 200 promptly; with the database gone, 503. (Before the
 * fix: 503 after the pool timeout whenever the pool was busy.)
 */
class ReadyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void aBusyPoolIsReadyAndAGoneDatabaseIsNot(String backend) throws Exception {
    DatabaseUrl url = NetFixture.database("ready_" + backend, 10);
    try (FraiseQLServer server = NetFixture.serve(url, "--backend", backend, "--pool-size", "2", "--max-streams", "2",
        "--pool-timeout", "1s")) {
      int port = server.port();
      List<CompletableFuture<HttpResponse<String>>> holds = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        holds.add(CompletableFuture.supplyAsync(() -> NetFixture.post(HTTP1, port, body("{ hold { id } }"), Duration.ofSeconds(30))));
      }
      awaitSleeping(url, 2); // every pooled connection is busy for about 3 s from now

      long t0 = System.nanoTime();
      HttpResponse<String> ready = NetFixture.get(HTTP1, port, "/ready", Duration.ofSeconds(30));
      long readyMillis = millisSince(t0);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"READY\"}");
      assertThat(sleeping(url)).as("still busy when /ready answered").isEqualTo(2);
      System.out.printf("%s: every connection busy; /ready answered 200 in %d ms%n", backend, readyMillis);
      assertThat(readyMillis).isLessThan(2_500);
      for (CompletableFuture<HttpResponse<String>> h : holds) {
        assertThat(h.get().body()).isEqualTo("{\"data\":{\"hold\":[{\"id\":\"1\"}]}}");
      }

      TestDatabase.execute(TestDatabase.get().serverUrl(), "DROP DATABASE \"" + url.database() + "\" WITH (FORCE)");
      long t1 = System.nanoTime();
      HttpResponse<String> gone = NetFixture.get(HTTP1, port, "/ready", Duration.ofSeconds(30));
      assertThat(gone.statusCode()).isEqualTo(503);
      assertThat(gone.body()).isEqualTo("{\"status\":\"UNAVAILABLE\"}");
      System.out.printf("%s: database dropped; /ready answered 503 in %d ms%n", backend, millisSince(t1));
      assertThat(NetFixture.get(HTTP1, port, "/health", Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
    }
  }

  private static void awaitSleeping(DatabaseUrl url, int n) throws Exception {
    long t0 = System.nanoTime();
    while (sleeping(url) < n) {
      assertThat(millisSince(t0)).as("the holding statements never started").isLessThan(10_000);
      Thread.sleep(20);
    }
  }

  /** Statements of the server's pool sleeping in {@code v_hold}. */
  private static long sleeping(DatabaseUrl url) throws Exception {
    try (Connection c = TestDatabase.connect(TestDatabase.get().serverUrl()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + url.database()
            + "' AND state = 'active' AND wait_event = 'PgSleep'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
