package io.fraiseql.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.server.FraiseQLServer;
import io.fraiseql.server.Main;
import io.fraiseql.tck.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The network tests' database (a 26 MB answer, a view that holds its connection, a table to write
 * to), servers started through the real command line on free loopback ports, and HTTP helpers,
 * raw sockets included.
 */
final class NetFixture {
  /** Rows of {@code items}; the whole answer is about 10 MB, far more than the socket buffers hold. */
  static final int ITEMS = 8_000;

  private NetFixture() {}

  /** A fresh database with the network fixture. */
  static DatabaseUrl database(String name) {
    return database(name, ITEMS);
  }

  /** A fresh database with the network fixture and {@code items} rows of {@code items}. */
  static DatabaseUrl database(String name, int items) {
    DatabaseUrl url = TestDatabase.get().createDatabase(name);
    TestDatabase.execute(url, resource("net/fixture.sql").replace(":items", Integer.toString(items)));
    return url;
  }

  static Path schemaFile() {
    try {
      Path f = Files.createTempFile("fraiseql-net", ".graphql");
      Files.writeString(f, resource("net/schema.graphql"));
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code serve} through the command line on a free loopback port; {@code extra} are more flags. */
  static FraiseQLServer serve(DatabaseUrl url, String... extra) {
    List<String> args = new ArrayList<>(List.of("serve", "--schema", schemaFile().toString(),
        "--database-url", TestDatabase.urlString(url), "--host", "127.0.0.1", "--port", "0"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Running running = Main.run(args.toArray(String[]::new), Map.of(),
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(running.exitCode()).as("serve %s: %s", args, err.toString(StandardCharsets.UTF_8)).isZero();
    return running.server();
  }

  static String resource(String name) {
    try (InputStream in = NetFixture.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------- HTTP

  static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code {"query": q}}. */
  static String body(String query) {
    return new io.vertx.core.json.JsonObject().put("query", query).encode();
  }

  static HttpResponse<String> post(HttpClient client, int port, String json, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
        .timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return send(client, request);
  }

  static HttpResponse<String> get(HttpClient client, int port, String path, Duration timeout) {
    return send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).GET().build());
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Milliseconds since {@code startNanos}. */
  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  // -------------------------------------------------------------------------------- raw sockets

  /** A connected socket whose reads give up after {@code soTimeout} (a hang is a failure, not a stuck build). */
  static Socket connect(int port, Duration soTimeout, int receiveBuffer) {
    try {
      Socket s = new Socket();
      if (receiveBuffer > 0) {
        s.setReceiveBufferSize(receiveBuffer);
      }
      s.setSoTimeout((int) soTimeout.toMillis());
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a POST /graphql of {@code query}, head and body. */
  static byte[] rawPost(String query, boolean keepAlive) {
    byte[] content = body(query).getBytes(StandardCharsets.UTF_8);
    String head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + (keepAlive ? "" : "Connection: close\r\n") + "Content-Length: " + content.length + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + content.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(content, 0, all, h.length, content.length);
    return all;
  }

  static void write(Socket s, byte[] bytes) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Socket s, String ascii) {
    write(s, ascii.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Reads until the server closes the connection (or resets it); what arrived, as ISO-8859-1.
   * Fails when the socket's read timeout passes first.
   */
  static String readUntilClosed(Socket s) {
    byte[] buf = new byte[65536];
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      InputStream in = s.getInputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        received.write(buf, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection; received so far: "
          + abbreviate(received.toString(StandardCharsets.ISO_8859_1)), e);
    } catch (IOException e) {
      // a reset ends the answer as well
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  static String abbreviate(CharSequence s) {
    return s.length() > 300 ? s.subSequence(0, 300) + "... (" + s.length() + " chars)" : s.toString();
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // closing what a test opened; nothing to report
    }
  }
}
