package io.fraiseql.reliability;

import static io.fraiseql.reliability.NetFixture.HTTP1;
import static io.fraiseql.reliability.NetFixture.body;
import static io.fraiseql.reliability.NetFixture.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris clients: connections that say nothing, or send half a request head or body, are
 * closed within the idle and request read timeouts (408 when nothing was answered yet) while the
 * server keeps answering everyone else; beyond {@code --max-connections} new connections are
 * refused and open ones keep working. HTTP/1.1 and h2c. (Before the fix: 1,500 idle, 300
 * half-header and 100 half-body connections were all still open after 75 s.)
 */
class SlowClientTest {
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** Generous: the timeout, the sweep, and a loaded machine. */
  static final long CLOSED_WITHIN_MILLIS = 6_000;

  static DatabaseUrl url;
  static FraiseQLServer server;
  static int port;

  @BeforeAll
  static void start() {
    url = NetFixture.database("slow_client", 10);
    server = NetFixture.serve(url, "--idle-timeout", "1s", "--request-read-timeout", "1s", "--pool-size", "2");
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void idleHalfHeaderAndHalfBodyConnectionsAreClosedInTimeWhileHealthAnswers() throws Exception {
    long t0 = System.nanoTime();
    try (Hostile.Group idle = Hostile.open(Hostile.Kind.IDLE, port, 300);
        Hostile.Group header = Hostile.open(Hostile.Kind.HALF_HEADER, port, 60);
        Hostile.Group half = Hostile.open(Hostile.Kind.HALF_BODY, port, 60)) {
      assertThat(idle.size() + header.size() + half.size()).isEqualTo(420);
      long worstHealth = 0;
      while (idle.open() + header.open() + half.open() > 0) {
        assertThat(millisSince(t0)).as("still open: idle %d, half-header %d, half-body %d", idle.open(), header.open(),
            half.open()).isLessThan(CLOSED_WITHIN_MILLIS);
        header.trickle(); // a byte now and then does not extend the deadline
        half.trickle();
        long health = Hostile.health(HTTP1, port);
        assertThat(health).as("/health meanwhile").isNotNegative();
        worstHealth = Math.max(worstHealth, health);
        Thread.sleep(100);
      }
      long allClosed = millisSince(t0);
      for (Hostile.Group g : List.of(header, half)) {
        for (int i = 0; i < g.size(); i++) {
          assertThat(g.received(i)).as("a half-sent request's answer").startsWith("HTTP/1.1 408 Request Timeout")
              .contains("\"code\":\"BAD_USER_INPUT\"");
        }
      }
      for (int i = 0; i < idle.size(); i++) {
        assertThat(idle.received(i)).as("an idle connection is closed without an answer").isEmpty();
      }
      System.out.printf("420 stalled connections (timeouts 1 s) all closed after %d ms; /health at worst %d ms%n",
          allClosed, worstHealth);
      assertThat(worstHealth).isLessThan(2_000);
    }
  }

  @Test
  void aRequestWaitingForTheDatabaseIsNotIdle() {
    // the view sleeps 3 s, three idle timeouts: the connection has a request in progress
    HttpResponse<String> r = NetFixture.post(HTTP1, port, body("{ hold { id } }"), Duration.ofSeconds(30));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"data\":{\"hold\":[{\"id\":\"1\"}]}}");
  }

  @Test
  void aKeptAliveConnectionServesManyRequestsThenIdlesOut() throws Exception {
    try (Socket s = NetFixture.connect(port, Duration.ofSeconds(20), 0)) {
      for (int i = 0; i < 5; i++) {
        NetFixture.write(s, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        byte[] answer = new byte[200];
        int n = s.getInputStream().read(answer);
        assertThat(new String(answer, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
        Thread.sleep(300); // below the idle timeout each time
      }
      long t0 = System.nanoTime();
      assertThat(NetFixture.readUntilClosed(s)).isEmpty();
      assertThat(millisSince(t0)).isBetween(500L, CLOSED_WITHIN_MILLIS);
    }
  }

  @Test
  void http2PriorKnowledgeConnectionThatSaysNothingMoreIsClosed() throws Exception {
    try (Socket s = NetFixture.connect(port, Duration.ofSeconds(20), 0)) {
      long t0 = System.nanoTime();
      byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
      NetFixture.write(s, preface);
      NetFixture.write(s, settings);
      String received = NetFixture.readUntilClosed(s); // the server's SETTINGS, then the close
      assertThat(received).doesNotContain("HTTP/1.1");
      assertThat(millisSince(t0)).isLessThan(CLOSED_WITHIN_MILLIS);
    }
  }

  @Test
  void http2HalfBodyGets408AndTheConnectionKeepsServing() throws Exception {
    // Vert.x's client: the JDK's waits for its request body before it reads the response
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.vertx.core.http.HttpClient h2 = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
          .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
      long t0 = System.nanoTime();
      String answer = h2.request(io.vertx.core.http.HttpMethod.POST, port, "127.0.0.1", "/graphql")
          .compose(req -> {
            req.putHeader("content-type", "application/json").putHeader("content-length", "1000");
            req.write("{\"query\": \"{ item(id: "); // and nothing more
            return req.response();
          })
          .compose(resp -> resp.body().map(b -> resp.version() + " " + resp.statusCode() + " " + b))
          .toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(answer).startsWith("HTTP_2 408 ").contains("\"code\":\"BAD_USER_INPUT\"");
      assertThat(millisSince(t0)).isBetween(900L, CLOSED_WITHIN_MILLIS);
      // the connection's other streams go on
      io.vertx.core.http.HttpClientResponse health = h2.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/health")
          .compose(req -> req.send()).toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void beyondTheConnectionCapNewConnectionsAreRefusedAndOpenOnesKeepWorking() throws Exception {
    try (FraiseQLServer capped = NetFixture.serve(url, "--max-connections", "20", "--pool-size", "2")) {
      int p = capped.port();
      List<Socket> held = new ArrayList<>();
      try {
        Socket keptAlive = NetFixture.connect(p, Duration.ofSeconds(10), 0);
        held.add(keptAlive);
        assertThat(health(keptAlive)).startsWith("HTTP/1.1 200");
        for (int i = 0; i < 19; i++) {
          held.add(NetFixture.connect(p, Duration.ofSeconds(10), 0));
        }
        awaitOpen(capped, 20);
        long before = capped.refusedConnections();
        for (int i = 0; i < 5; i++) {
          long t0 = System.nanoTime();
          assertThat(refused(p)).isTrue();
          assertThat(millisSince(t0)).isLessThan(2_000);
        }
        assertThat(capped.refusedConnections() - before).isEqualTo(5);
        // the connections already open are served as before
        assertThat(health(keptAlive)).startsWith("HTTP/1.1 200");
        assertThat(graphql(keptAlive)).isEqualTo("{\"data\":{\"item\":{\"id\":\"7\"}}}");
        // room again once some close
        for (int i = 0; i < 5; i++) {
          held.remove(held.size() - 1).close();
        }
        awaitOpen(capped, 15);
        assertThat(Hostile.health(HTTP1, p)).isNotNegative();
      } finally {
        held.forEach(NetFixture::closeQuietly);
      }
    }
  }

  private static void awaitOpen(FraiseQLServer s, int n) throws InterruptedException {
    long t0 = System.nanoTime();
    while (s.openConnections() != n && millisSince(t0) < 5_000) {
      Thread.sleep(10);
    }
    assertThat(s.openConnections()).isEqualTo(n);
  }

  /** Whether a new connection is reset or closed by the server before it answers anything. */
  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.setSoTimeout(5_000);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
      NetFixture.write(s, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false; // open, and silent
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return true; // reset while connecting, writing or reading
    }
  }

  private static String health(Socket s) throws java.io.IOException {
    NetFixture.write(s, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    byte[] answer = new byte[300];
    int n = s.getInputStream().read(answer);
    return new String(answer, 0, n, StandardCharsets.US_ASCII);
  }

  /** A query over a kept-alive raw socket; the answer's body. */
  private static String graphql(Socket s) throws java.io.IOException {
    NetFixture.write(s, NetFixture.rawPost("{ item(id: \"7\") { id } }", true));
    byte[] answer = new byte[1000];
    int n = s.getInputStream().read(answer);
    String text = new String(answer, 0, n, StandardCharsets.UTF_8);
    assertThat(text).startsWith("HTTP/1.1 200");
    return text.substring(text.indexOf("\r\n\r\n") + 4);
  }
}
