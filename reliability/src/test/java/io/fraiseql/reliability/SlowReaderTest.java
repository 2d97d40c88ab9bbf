package io.fraiseql.reliability;

import static io.fraiseql.reliability.NetFixture.HTTP1;
import static io.fraiseql.reliability.NetFixture.body;
import static io.fraiseql.reliability.NetFixture.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that ask for a large answer and read nothing must not hold the threads, event loops or
 * database connections that other requests need: as many slow readers as the pool has connections
 * leave an ordinary query fast, on every backend. (Before the fix: the ordinary query waited for
 * the slow readers' write timeout, 60 s.)
 */
class SlowReaderTest {
  static final int POOL = 4;
  static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "slow-reader");
    t.setDaemon(true);
    return t;
  });
  static DatabaseUrl url;

  @BeforeAll
  static void database() {
    url = NetFixture.database("slow_reader");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void poolSizeSlowReadersLeaveAnOrdinaryQueryFast(String backend) throws Exception {
    try (FraiseQLServer server = NetFixture.serve(url, "--backend", backend, "--pool-size", String.valueOf(POOL))) {
      int port = server.port();
      List<Socket> readers = new ArrayList<>();
      try {
        for (int i = 0; i < POOL; i++) {
          Socket s = NetFixture.connect(port, Duration.ofSeconds(30), 4096);
          readers.add(s);
          NetFixture.write(s, NetFixture.rawPost("{ items { id name payload } }", false));
        }
        Thread.sleep(1_500); // the readers' answers have filled every buffer on the way by now

        long t0 = System.nanoTime();
        HttpResponse<String> r = NetFixture.post(HTTP1, port, body("{ item(id: \"7\") { id name } }"), Duration.ofSeconds(30));
        long ordinary = millisSince(t0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"data\":{\"item\":{\"id\":\"7\",\"name\":\"item 7\"}}}");
        long t1 = System.nanoTime();
        HttpResponse<String> ready = NetFixture.get(HTTP1, port, "/ready", Duration.ofSeconds(30));
        long readyMillis = millisSince(t1);
        assertThat(ready.statusCode()).isEqualTo(200);
        System.out.printf("%s: %d slow readers; an ordinary query answered in %d ms, /ready in %d ms%n",
            backend, POOL, ordinary, readyMillis);
        // generous bounds for a loaded 2-core machine; blocked, they took the 60 s write timeout
        assertThat(ordinary).as("ordinary query, ms").isLessThan(5_000);
        assertThat(readyMillis).as("/ready, ms").isLessThan(5_000);

        // the slow readers, reading at last (together: those waiting for a stream slot need the
        // others to finish), get their whole answers
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (Socket s : readers) {
          answers.add(CompletableFuture.supplyAsync(() -> NetFixture.readUntilClosed(s), READERS));
        }
        for (CompletableFuture<String> a : answers) {
          String answer = a.get(60, TimeUnit.SECONDS);
          assertThat(answer).startsWith("HTTP/1.1 200").endsWith("]}}\r\n0\r\n\r\n");
          assertThat(occurrences(answer, "{\"id\":\"")).isEqualTo(NetFixture.ITEMS);
          assertThat(answer).contains("{\"id\":\"" + NetFixture.ITEMS + "\",\"name\":\"item " + NetFixture.ITEMS + "\"");
        }
      } finally {
        readers.forEach(NetFixture::closeQuietly);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "vertx", "r2dbc"})
  void slowReadersAreDroppedAfterTheWriteTimeoutAndFreeTheirSlots(String backend) throws Exception {
    try (FraiseQLServer server = NetFixture.serve(url, "--backend", backend, "--pool-size", String.valueOf(POOL),
        "--write-timeout", "1s")) {
      List<Socket> readers = new ArrayList<>();
      try {
        long t0 = System.nanoTime();
        for (int i = 0; i < POOL; i++) {
          Socket s = NetFixture.connect(server.port(), Duration.ofSeconds(30), 4096);
          readers.add(s);
          NetFixture.write(s, NetFixture.rawPost("{ items { id name payload } }", false));
        }
        // two stream at once (--max-streams: half the pool): two write timeouts, and a margin
        Thread.sleep(2 * 1_000 + 3_000);
        for (Socket s : readers) {
          String answer = NetFixture.readUntilClosed(s);
          assertThat(answer).as("a reader that read nothing for 5 s").startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");
        }
        System.out.printf("%s: %d slow readers (write timeout 1 s, %d at once) all dropped within %d ms%n", backend, POOL,
            POOL / 2, millisSince(t0));
      } finally {
        readers.forEach(NetFixture::closeQuietly);
      }
      HttpResponse<String> r = NetFixture.post(HTTP1, server.port(), body("{ item(id: \"7\") { id } }"), Duration.ofSeconds(30));
      assertThat(r.body()).isEqualTo("{\"data\":{\"item\":{\"id\":\"7\"}}}");
    }
  }

  static int occurrences(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }
}
