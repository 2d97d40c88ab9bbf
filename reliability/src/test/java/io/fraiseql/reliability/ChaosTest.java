package io.fraiseql.reliability;

import static io.fraiseql.reliability.NetFixture.body;
import static io.fraiseql.reliability.NetFixture.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import io.fraiseql.tck.TestDatabase;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short chaos run: concurrent reads and mutations while {@code pg_terminate_backend} kills the
 * server's database connections over and over. Afterwards the table must hold exactly the writes
 * that were reported as done (none lost, none that reported an error), every request must have
 * had an answer (data or a coded error), and the server must answer normally again within about a
 * second of the last kill. {@code reliability/soak.sh} runs the same for minutes.
 */
class ChaosTest {
  static final Duration RUN = Duration.ofSeconds(3);
  static final Duration KILL_EVERY = Duration.ofMillis(150);

  /** What one mutation got. */
  enum Outcome { WRITTEN, REFUSED }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void killedConnectionsLoseNoWriteAndLeaveNoGhost(String backend) throws Exception {
    DatabaseUrl url = NetFixture.database("chaos_" + backend, 10);
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger failedReads = new AtomicInteger();
    AtomicInteger kills = new AtomicInteger();
    AtomicLong lastSuccess = new AtomicLong(System.nanoTime());
    AtomicLong longestGap = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService threads = Executors.newFixedThreadPool(10);
    try (FraiseQLServer server = NetFixture.serve(url, "--backend", backend, "--pool-size", "4", "--pool-timeout", "2s")) {
      int port = server.port();
      // warm: the first requests of a fresh server load classes and fill the pool
      for (int i = 0; i < 5; i++) {
        assertThat(call(client, port, "{ item(id: \"7\") { id } }")).isEqualTo("{\"data\":{\"item\":{\"id\":\"7\"}}}");
      }
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        int writer = w;
        work.add(threads.submit(() -> {
          for (int n = 0; !stop.get(); n++) {
            String key = backend + "-" + writer + "-" + n;
            String r = call(client, port, "mutation { createNote(input: {key: \"" + key + "\", body: \"chaos\"}) { key } }");
            if (r.contains("\"createNote\":{\"key\":\"" + key + "\"}")) {
              outcomes.put(key, Outcome.WRITTEN);
              success(lastSuccess, longestGap, stop);
            } else {
              assertThat(r).as("a failed write is null with a coded error").startsWith("{\"data\":{\"createNote\":null},\"errors\":[");
              outcomes.put(key, Outcome.REFUSED);
              codes.computeIfAbsent(code(r), c -> new AtomicInteger()).incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (int r = 0; r < 3; r++) {
        work.add(threads.submit(() -> {
          while (!stop.get()) {
            String answer = call(client, port, "{ item(id: \"7\") { id } notes(limit: 5) { key } }");
            reads.incrementAndGet();
            if (answer.startsWith("{\"data\":{\"item\":{\"id\":\"7\"},\"notes\":[") && !answer.contains("\"errors\"")) {
              success(lastSuccess, longestGap, stop);
            } else {
              assertThat(answer).as("a failed read has data and a coded error").startsWith("{\"data\":").contains("\"code\":\"");
              failedReads.incrementAndGet();
            }
          }
          return null;
        }));
      }
      long t0 = System.nanoTime();
      while (millisSince(t0) < RUN.toMillis()) {
        kills.addAndGet(terminate(url));
        Thread.sleep(KILL_EVERY.toMillis());
      }
      long lastKill = System.nanoTime();
      lastSuccess.set(0);
      while (lastSuccess.get() == 0 && millisSince(lastKill) < 10_000) {
        Thread.sleep(5);
      }
      long recovery = lastSuccess.get() == 0 ? -1 : (lastSuccess.get() - lastKill) / 1_000_000;
      stop.set(true);
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS); // an assertion failed in a worker fails here
      }

      Set<String> inTable = keys(url);
      Set<String> written = new HashSet<>();
      outcomes.forEach((k, o) -> {
        if (o == Outcome.WRITTEN) {
          written.add(k);
        }
      });
      Set<String> lost = new HashSet<>(written);
      lost.removeAll(inTable);
      Set<String> ghosts = new HashSet<>(inTable);
      ghosts.removeAll(written);
      System.out.printf("%s: %d kills; %d writes (%d done, %d refused: %s), %d reads (%d with an error); "
              + "lost %d, ghosts %d; longest gap between successes %d ms; first success %d ms after the last kill%n",
          backend, kills.get(), outcomes.size(), written.size(), outcomes.size() - written.size(), codes, reads.get(),
          failedReads.get(), lost.size(), ghosts.size(), longestGap.get() / 1_000_000, recovery);
      assertThat(kills.get()).as("connections killed").isPositive();
      assertThat(written).as("writes that went through despite the kills").isNotEmpty();
      assertThat(lost).as("writes reported done but missing from the table").isEmpty();
      assertThat(ghosts).as("rows in the table whose write was reported as failed").isEmpty();
      assertThat(codes.keySet()).as("what failed writes were told").isSubsetOf("CONNECTION_ERROR", "DATABASE_ERROR");
      // about a second; the bound is generous for a loaded 2-core machine
      assertThat(recovery).as("ms from the last kill to the next success").isBetween(0L, 3_000L);
      // and all is well again
      String again = call(client, port, "mutation { createNote(input: {key: \"" + backend + "-after\", body: \"calm\"}) { key } }");
      assertThat(again).isEqualTo("{\"data\":{\"createNote\":{\"key\":\"" + backend + "-after\"}}}");
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }
  }

  private static void success(AtomicLong lastSuccess, AtomicLong longestGap, AtomicBoolean stop) {
    long now = System.nanoTime();
    long previous = lastSuccess.getAndSet(now);
    if (previous != 0 && !stop.get()) {
      longestGap.accumulateAndGet(now - previous, Math::max);
    }
  }

  private static String call(HttpClient client, int port, String query) {
    try {
      HttpResponse<String> r = NetFixture.post(client, port, body(query), Duration.ofSeconds(30));
      assertThat(r.statusCode()).as("status of %s: %s", query, r.body()).isEqualTo(200);
      return r.body();
    } catch (UncheckedIOException e) {
      throw new AssertionError("no answer to " + query + ": the server must answer even while connections die", e);
    }
  }

  private static String code(String answer) {
    int at = answer.indexOf("\"code\":\"");
    return at < 0 ? "(none)" : answer.substring(at + 8, answer.indexOf('"', at + 8));
  }

  /** Kills every database connection of the server's pool; how many there were. */
  private static int terminate(DatabaseUrl url) throws Exception {
    try (Connection c = TestDatabase.connect(TestDatabase.get().serverUrl()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
            + url.database() + "' AND application_name = 'fraiseql' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Set<String> keys(DatabaseUrl url) throws Exception {
    Set<String> keys = new HashSet<>();
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT key FROM tb_note")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }
}
