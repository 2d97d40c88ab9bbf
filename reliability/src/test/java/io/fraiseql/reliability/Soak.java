package io.fraiseql.reliability;

import static io.fraiseql.reliability.NetFixture.body;
import static io.fraiseql.reliability.NetFixture.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import io.fraiseql.tck.TestDatabase;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak run behind {@code reliability/soak.sh}, not part of {@code mvn verify} (the class name
 * does not match Surefire's test patterns; the script names it). For
 * {@code -Dfraiseql.soak.minutes} (default 5) one server ({@code -Dfraiseql.soak.backend}, default
 * jdbc, pool 4) gets, all at once: ordinary reads and writes from 6 clients; every 10 s a wave of
 * 200 idle, 50 half-header and 50 half-body connections; 4 clients that ask for a 10 MB answer and
 * read nothing, opened again whenever the server drops them; once a minute a flood of connections
 * beyond {@code --max-connections}; and every second {@code pg_terminate_backend} on the pool's
 * connections. The report ({@code reliability/target/soak-report.txt}) says what each kind of
 * client got; the run fails on a lost or ghost write, a stalled connection left open past its
 * deadline, or a request without an answer.
 */
class Soak {
  static final Duration IDLE = Duration.ofSeconds(5);
  static final Duration READ = Duration.ofSeconds(5);
  static final Duration WRITE = Duration.ofSeconds(10);
  static final int MAX_CONNECTIONS = 1_500;
  /** A stalled connection must be closed within its timeout plus this. */
  static final long SLACK_MILLIS = 3_000;

  final Map<String, Boolean> writes = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> errorCodes = new ConcurrentHashMap<>();
  final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger reads = new AtomicInteger();
  final AtomicInteger kills = new AtomicInteger();
  final AtomicInteger slowReaders = new AtomicInteger();
  final AtomicInteger slowReadersDropped = new AtomicInteger();
  final AtomicInteger slowReadersKilled = new AtomicInteger();
  final List<String> waves = Collections.synchronizedList(new ArrayList<>());
  final List<String> floods = Collections.synchronizedList(new ArrayList<>());
  final AtomicBoolean stop = new AtomicBoolean();
  final AtomicBoolean flooding = new AtomicBoolean();

  @Test
  @Timeout(value = 6, unit = TimeUnit.HOURS)
  void soak() throws Exception {
    int minutes = Integer.getInteger("fraiseql.soak.minutes", 5);
    String backend = System.getProperty("fraiseql.soak.backend", "jdbc");
    DatabaseUrl url = NetFixture.database("soak");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService threads = Executors.newCachedThreadPool();
    long t0 = System.nanoTime();
    try (FraiseQLServer server = NetFixture.serve(url, "--backend", backend, "--pool-size", "4",
        "--idle-timeout", flag(IDLE), "--request-read-timeout", flag(READ),
        "--write-timeout", flag(WRITE), "--max-connections", String.valueOf(MAX_CONNECTIONS))) {
      int port = server.port();
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        int writer = w;
        work.add(threads.submit(() -> ordinary(client, port, writer)));
      }
      work.add(threads.submit(() -> slowReaders(port)));
      work.add(threads.submit(() -> hostileWaves(client, port)));
      work.add(threads.submit(() -> floods(client, port, server)));
      long end = t0 + Duration.ofMinutes(minutes).toNanos();
      while (System.nanoTime() < end) {
        kills.addAndGet(terminate(url));
        Thread.sleep(1_000);
      }
      stop.set(true);
      for (Future<?> f : work) {
        f.get(2, TimeUnit.MINUTES);
      }
      report(backend, minutes, url, server);
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }
  }

  /** Reads and writes as an ordinary client does, timing each. */
  private Void ordinary(HttpClient client, int port, int writer) {
    for (int n = 0; !stop.get(); n++) {
      String key = "soak-" + writer + "-" + n;
      long t = System.nanoTime();
      String w = call(client, port, "mutation { createNote(input: {key: \"" + key + "\", body: \"soak\"}) { key } }");
      latencies.add(millisSince(t));
      boolean written = w.contains("\"createNote\":{\"key\":\"" + key + "\"}");
      writes.put(key, written);
      if (!written) {
        count(w);
      }
      t = System.nanoTime();
      String r = call(client, port, "{ item(id: \"" + (1 + n % 100) + "\") { id name } }");
      latencies.add(millisSince(t));
      reads.incrementAndGet();
      if (r.contains("\"errors\"")) {
        count(r);
      }
    }
    return null;
  }

  private void count(String answer) {
    int at = answer.indexOf("\"code\":\"");
    String code = at < 0 ? "(none)" : answer.substring(at + 8, answer.indexOf('"', at + 8));
    errorCodes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Rounds of four clients that ask for the large answer and read nothing for the write timeout
   * plus the slack; then they read what is there: a cut answer (no final chunk) means the server
   * dropped them in time.
   */
  private Void slowReaders(int port) throws Exception {
    while (!stop.get()) {
      List<Socket> readers = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket s = NetFixture.connect(port, Duration.ofSeconds(60), 4096);
          readers.add(s);
          NetFixture.write(s, NetFixture.rawPost("{ items { id name payload } }", false));
        }
        // two of them stream at once (--max-streams, half the pool); the others wait for a slot
        Thread.sleep(2 * WRITE.toMillis() + 10_000);
        for (Socket s : readers) {
          String answer = NetFixture.readUntilClosed(s);
          slowReaders.incrementAndGet();
          if (!answer.endsWith("0\r\n\r\n")) {
            slowReadersDropped.incrementAndGet();
          } else if (answer.contains("\"errors\":[")) {
            slowReadersKilled.incrementAndGet(); // its database connection was killed: the answer ended early
          }
        }
      } finally {
        readers.forEach(NetFixture::closeQuietly);
      }
    }
    return null;
  }

  /** Every 10 s: 200 idle, 50 half-header and 50 half-body connections, watched until closed. */
  private Void hostileWaves(HttpClient client, int port) throws InterruptedException {
    while (!stop.get()) {
      while (flooding.get() && !stop.get()) {
        Thread.sleep(100); // a flood's refusals would blur what a wave gets
      }
      long t = System.nanoTime();
      try (Hostile.Group idle = Hostile.open(Hostile.Kind.IDLE, port, 200);
          Hostile.Group header = Hostile.open(Hostile.Kind.HALF_HEADER, port, 50);
          Hostile.Group half = Hostile.open(Hostile.Kind.HALF_BODY, port, 50)) {
        long worstHealth = 0;
        long idleClosed = -1;
        long halfClosed = -1;
        while ((idleClosed < 0 || halfClosed < 0) && millisSince(t) < 60_000) {
          header.trickle();
          half.trickle();
          if (idleClosed < 0 && idle.open() == 0) {
            idleClosed = millisSince(t);
          }
          if (halfClosed < 0 && header.open() + half.open() == 0) {
            halfClosed = millisSince(t);
          }
          worstHealth = Math.max(worstHealth, Hostile.health(client, port));
          Thread.sleep(200);
        }
        int answered408 = 0;
        for (Hostile.Group g : List.of(header, half)) {
          for (int i = 0; i < g.size(); i++) {
            answered408 += g.received(i).startsWith("HTTP/1.1 408") ? 1 : 0;
          }
        }
        waves.add(String.format("idle %d/%d closed after %d ms; half-sent %d/%d closed after %d ms (%d answered 408); "
                + "/health at worst %d ms", idle.size() - idle.open(), idle.size(), idleClosed,
            header.size() + half.size() - header.open() - half.open(), header.size() + half.size(), halfClosed,
            answered408, worstHealth));
      }
      Thread.sleep(Math.max(0, 10_000 - millisSince(t)));
    }
    return null;
  }

  /** Once a minute, from 35 s on: connections beyond the cap, then /health on a fresh connection. */
  private Void floods(HttpClient client, int port, FraiseQLServer server) throws InterruptedException {
    long next = System.nanoTime() + Duration.ofSeconds(35).toNanos();
    while (!stop.get()) {
      if (System.nanoTime() - next < 0) {
        Thread.sleep(200);
        continue;
      }
      next += Duration.ofMinutes(1).toNanos();
      flooding.set(true);
      long before = server.refusedConnections();
      long t = System.nanoTime();
      try (Hostile.Group flood = Hostile.open(Hostile.Kind.IDLE, port, MAX_CONNECTIONS + 500)) {
        long opened = millisSince(t);
        int open = flood.open();
        while (open > MAX_CONNECTIONS && millisSince(t) < opened + 5_000) {
          Thread.sleep(100);
          open = flood.open();
        }
        long health = Hostile.health(client, port);
        floods.add(String.format("%d opened in %d ms, %d of them still open %d ms later (cap %d, held by the "
                + "other clients too), %d refused by the server; a new /health %s", flood.size(), opened, open,
            millisSince(t), MAX_CONNECTIONS, server.refusedConnections() - before,
            health < 0 ? "was refused too (the cap holds)" : "answered in " + health + " ms"));
      } finally {
        flooding.set(false);
      }
    }
    return null;
  }

  private static String call(HttpClient client, int port, String query) {
    try {
      HttpResponse<String> r = NetFixture.post(client, port, body(query), Duration.ofSeconds(60));
      assertThat(r.statusCode()).as("%s -> %s", query, r.body()).isIn(200, 503);
      return r.body();
    } catch (UncheckedIOException e) {
      // the connection cap may refuse an ordinary client's new connection during a flood
      return "{\"errors\":[{\"extensions\":{\"code\":\"(connection refused: " + e.getCause().getClass().getSimpleName() + ")\"}}]}";
    }
  }

  private static int terminate(DatabaseUrl url) throws Exception {
    try (Connection c = TestDatabase.connect(TestDatabase.get().serverUrl()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
            + url.database() + "' AND application_name = 'fraiseql' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void report(String backend, int minutes, DatabaseUrl url, FraiseQLServer server) throws Exception {
    Set<String> inTable = new HashSet<>();
    try (Connection c = TestDatabase.connect(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT key FROM tb_note")) {
      while (rs.next()) {
        inTable.add(rs.getString(1));
      }
    }
    Set<String> written = new HashSet<>();
    writes.forEach((k, done) -> {
      if (done) {
        written.add(k);
      }
    });
    Set<String> lost = new HashSet<>(written);
    lost.removeAll(inTable);
    Set<String> ghosts = new HashSet<>(inTable);
    ghosts.removeAll(written);
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    Path file = Path.of("target", "soak-report.txt");
    try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
      out.printf("FraiseQL soak: backend %s, %d min, pool 4, idle/read/write timeouts %s/%s/%s, max connections %d%n",
          backend, minutes, flag(IDLE), flag(READ), flag(WRITE), MAX_CONNECTIONS);
      out.printf("database connections killed: %d%n", kills.get());
      out.printf("ordinary clients: %d writes (%d done, %d refused), %d reads; errors by code %s%n", writes.size(),
          written.size(), writes.size() - written.size(), reads.get(), errorCodes);
      out.printf("  latency ms: p50 %d, p99 %d, max %d%n", pct(sorted, 50), pct(sorted, 99), pct(sorted, 100));
      out.printf("  table check: %d lost writes, %d ghost writes%n", lost.size(), ghosts.size());
      out.printf("slow readers (10 MB answers, nothing read for %d ms): %d of %d dropped by the server (write timeout %s),"
              + " %d ended early with an error (their database connection was killed), %d still waiting for a stream slot"
              + " (served once read)%n", 2 * WRITE.toMillis() + 10_000, slowReadersDropped.get(), slowReaders.get(),
          flag(WRITE), slowReadersKilled.get(), slowReaders.get() - slowReadersDropped.get() - slowReadersKilled.get());
      waves.forEach(w -> out.println("wave: " + w));
      floods.forEach(f -> out.println("flood: " + f));
      out.printf("connections still open at the end: %d%n", server.openConnections());
    }
    System.out.println(Files.readString(file));
    assertThat(lost).as("lost writes").isEmpty();
    assertThat(ghosts).as("ghost writes").isEmpty();
    assertThat(slowReadersDropped.get()).as("slow readers dropped").isPositive();
    for (String w : waves) {
      assertThat(w).doesNotContain("after -1 ms");
    }
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** A duration as the command line takes it. */
  private static String flag(Duration d) {
    return d.toSeconds() + "s";
  }
}
