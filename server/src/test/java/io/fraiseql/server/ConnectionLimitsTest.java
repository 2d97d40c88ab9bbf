package io.fraiseql.server;

import static io.fraiseql.server.Fixture.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection guard: idle and half-sent connections are closed in time (408 when nothing was
 * answered), a request waiting for the database is never idle, h2c streams are timed one by one,
 * and beyond the connection cap new connections are reset while open ones keep working.
 * ({@code reliability} runs the same with hundreds of connections.)
 */
class ConnectionLimitsTest {
  static DatabaseUrl url;
  static FraiseQLServer server;
  static int port;

  @BeforeAll
  static void start() {
    url = Fixture.database("limits");
    server = FraiseQLServer.start(Fixture.config(Fixture.schemaFile(), url, "--idle-timeout", "300ms",
        "--request-read-timeout", "300ms", "--max-connections", "6", "--pool-size", "2"));
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Socket socket() throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000); // a hang is a failure, not a stuck build
    s.connect(new InetSocketAddress("127.0.0.1", port));
    return s;
  }

  static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void anIdleConnectionIsClosedWithoutAnAnswer() throws Exception {
    try (Socket s = socket()) {
      long t0 = System.nanoTime();
      assertThat(LifecycleTest.readUntilClosed(s.getInputStream())).isEmpty();
      assertThat(millisSince(t0)).isBetween(250L, 5_000L);
    }
  }

  @Test
  void halfAHeadIs408ThenClosed() throws Exception {
    try (Socket s = socket()) {
      send(s, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Ty");
      String answer = LifecycleTest.readUntilClosed(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("connection: close")
          .endsWith("{\"errors\":[{\"message\":\"The request did not arrive in time\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
    }
  }

  @Test
  void halfABodyIs408ThenClosed() throws Exception {
    try (Socket s = socket()) {
      send(s, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\"");
      String answer = LifecycleTest.readUntilClosed(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("The request did not arrive in time");
    }
  }

  @Test
  void aRequestWaitingForTheDatabaseIsNotIdleAndTheConnectionIsKeptAfterIt() throws Exception {
    try (Socket s = socket()) {
      byte[] content = body("{ slow { id } }").getBytes(StandardCharsets.UTF_8); // 0.6 s: two idle timeouts
      send(s, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + content.length
          + "\r\n\r\n" + new String(content, StandardCharsets.UTF_8));
      byte[] buf = new byte[1000];
      int n = s.getInputStream().read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").endsWith("{\"data\":{\"slow\":[{\"id\":\"1\"}]}}");
      send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      n = s.getInputStream().read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
      // and then it idles out
      assertThat(LifecycleTest.readUntilClosed(s.getInputStream())).isEmpty();
    }
  }

  @Test
  void http2PriorKnowledgeWithoutARequestIsClosed() throws Exception {
    try (Socket s = socket()) {
      send(s, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // SETTINGS
      assertThat(LifecycleTest.readUntilClosed(s.getInputStream())).doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void http2HalfABodyIs408OnItsStreamOnly() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
          .setHttp2ClearTextUpgrade(false));
      HttpClientResponse r = h2.request(HttpMethod.POST, port, "127.0.0.1", "/graphql").compose(req -> {
        req.putHeader("content-type", "application/json").putHeader("content-length", "100");
        req.write("{\"query\"");
        return req.response();
      }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(408);
      HttpClientResponse health = h2.request(HttpMethod.GET, port, "127.0.0.1", "/health").compose(req -> req.send())
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void beyondTheCapNewConnectionsAreResetAndOpenOnesWork() throws Exception {
    try (FraiseQLServer capped = FraiseQLServer.start(Fixture.config(Fixture.schemaFile(), url, "--max-connections", "3",
        "--pool-size", "2"))) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket("127.0.0.1", capped.port());
          s.setSoTimeout(10_000);
          held.add(s);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (capped.openConnections() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(capped.openConnections()).isEqualTo(3);
        assertThat(refused(capped.port())).isTrue();
        assertThat(capped.refusedConnections()).isEqualTo(1);
        send(held.get(0), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        byte[] buf = new byte[200];
        int n = held.get(0).getInputStream().read(buf);
        assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        held.remove(2).close();
        while (capped.openConnections() > 2 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        HttpResponse<String> r = Fixture.send(Fixture.request(capped.port(), "/health").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  private static boolean refused(int p) {
    try (Socket s = new Socket()) {
      s.setSoTimeout(5_000);
      s.connect(new InetSocketAddress("127.0.0.1", p));
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return in.read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
