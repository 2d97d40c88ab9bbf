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
 * leave an ordinary query fast, on every backend; a client that reads late gets its whole answer;
 * one that never reads is dropped after the write timeout, freeing its stream slot. (Before the fix: the ordinary query waited for the
 * slow readers' write timeout, 60 s.)
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
      List<Socket> readers = slowReaders(port, POOL);
      try {
        Thread.sleep(1_000); // the readers' answers have filled every buffer on the way by now
        long t0 = System.nanoTime();
        HttpResponse<String> r = NetFixture.post(HTTP1, port, body("{ item(id: \"7\") { id name } }"), Duration.ofSeconds(90));
        long ordinary = millisSince(t0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"data\":{\"item\":{\"id\":\"7\",\"name\":\"item 7\"}}}");
        long t1 = System.nanoTime();
        HttpResponse<String> ready = NetFixture.get(HTTP1, port, "/ready", Duration.ofSeconds(90));
        long readyMillis = millisSince(t1);
        assertThat(ready.statusCode()).isEqualTo(200);
        System.out.printf("%s: %d slow readers; an ordinary query answered in %d ms, /ready in %d ms%n",
            backend, POOL, ordinary, readyMillis);
        // generous bounds for a loaded 2-core machine; blocked, they waited for the 60 s write timeout
        assertThat(ordinary).as("ordinary query, ms").isLessThan(10_000);
        assertThat(readyMillis).as("/ready, ms").isLessThan(10_000);
      } finally {
        readers.forEach(NetFixture::closeQuietly); // gone: their streams stop and free their slots
      }

      // clients that start reading late get their whole answers
      List<Socket> late = slowReaders(port, 2);
      try {
        Thread.sleep(1_000); // paused meanwhile
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (Socket s : late) {
          answers.add(CompletableFuture.supplyAsync(() -> NetFixture.readUntilClosed(s), READERS));
        }
        for (CompletableFuture<String> a : answers) {
          String answer = a.get(60, TimeUnit.SECONDS);
          assertThat(answer).startsWith("HTTP/1.1 200").endsWith("]}}\r\n0\r\n\r\n");
          assertThat(occurrences(answer, "{\"id\":\"")).isEqualTo(NetFixture.ITEMS);
          assertThat(answer).contains("{\"id\":\"" + NetFixture.ITEMS + "\",\"name\":\"item " + NetFixture.ITEMS + "\"");
        }
      } finally {
        late.forEach(NetFixture::closeQuietly);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void slowReadersAreDroppedAfterTheWriteTimeoutAndFreeTheirSlots() throws Exception {
    try (FraiseQLServer server = NetFixture.serve(url, "--pool-size", String.valueOf(POOL), "--write-timeout", "1s")) {
      long start = System.nanoTime();
      List<Socket> readers = slowReaders(server.port(), POOL);
      try {
        // two stream at once (--max-streams: half the pool), each dropped after the write timeout,
        // then the other two: two write timeouts, and whatever a loaded machine adds
        while (server.openConnections() < POOL) {
          assertThat(millisSince(start)).as("slow readers accepted").isLessThan(10_000);
          Thread.sleep(5);
        }
        while (server.openConnections() > 0) {
          assertThat(millisSince(start)).as("slow readers still connected").isLessThan(30_000);
          Thread.sleep(20);
        }
        long dropped = millisSince(start);
        for (Socket s : readers) {
          assertThat(NetFixture.readUntilClosed(s)).as("a reader that read nothing")
              .startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");
        }
        System.out.printf("%d slow readers (write timeout 1 s, %d at once) all dropped within %d ms%n", POOL, POOL / 2,
            dropped);
      } finally {
        readers.forEach(NetFixture::closeQuietly);
      }
      HttpResponse<String> r = NetFixture.post(HTTP1, server.port(), body("{ item(id: \"7\") { id } }"), Duration.ofSeconds(30));
      assertThat(r.body()).isEqualTo("{\"data\":{\"item\":{\"id\":\"7\"}}}");
    }
  }

  /** Clients that ask for the 10 MB answer with a tiny receive buffer, and have not read yet. */
  static List<Socket> slowReaders(int port, int n) {
    List<Socket> readers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = NetFixture.connect(port, Duration.ofSeconds(30), 4096);
      readers.add(s);
      NetFixture.write(s, NetFixture.rawPost("{ items { id name payload } }", false));
    }
    return readers;
  }

  static int occurrences(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }
}
