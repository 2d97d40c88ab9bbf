package io.fraiseql.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile HTTP clients for the reliability tests and {@code reliability/soak.sh}, written with the
 * JDK alone: connections that stay idle, send half a request head or half a body, or ask for a
 * large answer and read nothing. Each group of connections can say how many are still open and
 * what the server sent them.
 *
 * <pre>
 * java -cp reliability/target/test-classes io.fraiseql.reliability.Hostile PORT IDLE HALF_HEADER HALF_BODY SECONDS
 * </pre>
 * opens the three groups, then every second prints how many of each are still open and how long
 * {@code GET /health} took on a new connection and on one opened before them, for {@code SECONDS}
 * seconds.
 */
public final class Hostile {
  private Hostile() {}

  /** What a hostile connection sends before it stalls. */
  public enum Kind {
    /** Nothing at all. */
    IDLE,
    /** Part of a request head (no blank line). */
    HALF_HEADER,
    /** A complete head announcing 1,000 bytes of body, then 10 of them. */
    HALF_BODY
  }

  /** A group of stalled connections of one kind. */
  public static final class Group implements AutoCloseable {
    final Kind kind;
    final List<SocketChannel> channels = new ArrayList<>();
    final List<StringBuilder> received = new ArrayList<>();
    final boolean[] closed;
    /** How many connections the server refused or closed while the group was being opened. */
    int refused;

    Group(Kind kind, int port, int count) {
      this.kind = kind;
      this.closed = new boolean[count];
      for (int i = 0; i < count; i++) {
        try {
          SocketChannel ch = SocketChannel.open();
          ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
          ch.connect(new InetSocketAddress("127.0.0.1", port));
          ch.configureBlocking(false);
          channels.add(ch);
          received.add(new StringBuilder());
          String first = switch (kind) {
            case IDLE -> "";
            case HALF_HEADER -> "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appli";
            case HALF_BODY -> "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"query\": ";
          };
          if (!first.isEmpty()) {
            ch.write(ByteBuffer.wrap(first.getBytes(StandardCharsets.US_ASCII)));
          }
        } catch (IOException e) {
          refused++;
        }
      }
    }

    /** Sends one more byte on every open connection (a slow-loris trickle); errors mark it closed. */
    public void trickle() {
      if (kind == Kind.IDLE) {
        return;
      }
      for (int i = 0; i < channels.size(); i++) {
        if (!closed[i]) {
          try {
            channels.get(i).write(ByteBuffer.wrap(new byte[] {'x'}));
          } catch (IOException e) {
            closed[i] = true;
          }
        }
      }
    }

    /** Reads what has arrived without waiting; returns how many connections are still open. */
    public int open() {
      ByteBuffer buf = ByteBuffer.allocate(8192);
      int open = 0;
      for (int i = 0; i < channels.size(); i++) {
        if (closed[i]) {
          continue;
        }
        try {
          while (true) {
            buf.clear();
            int n = channels.get(i).read(buf);
            if (n < 0) {
              closed[i] = true;
              break;
            }
            if (n == 0) {
              break;
            }
            received.get(i).append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
          }
        } catch (IOException e) {
          closed[i] = true; // reset
        }
        if (!closed[i]) {
          open++;
        }
      }
      return open;
    }

    /** Connections that were opened. */
    public int size() {
      return channels.size();
    }

    /** What the server sent to connection {@code i}. */
    public String received(int i) {
      return received.get(i).toString();
    }

    @Override
    public void close() {
      for (SocketChannel ch : channels) {
        try {
          ch.close();
        } catch (IOException e) {
          // already gone
        }
      }
    }
  }

  /** Opens {@code count} stalled connections of one kind. */
  public static Group open(Kind kind, int port, int count) {
    return new Group(kind, port, count);
  }

  /** The milliseconds {@code GET /health} takes on a new connection, or -1 when it fails. */
  public static long health(HttpClient client, int port) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? (System.nanoTime() - t0) / 1_000_000 : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: Hostile PORT IDLE HALF_HEADER HALF_BODY SECONDS");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[4]);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // a client already connected before the others: it must keep being served
    java.net.Socket keptAlive = new java.net.Socket("127.0.0.1", port);
    keptAlive.setSoTimeout(10_000);
    long t0 = System.nanoTime();
    try (Group idle = open(Kind.IDLE, port, Integer.parseInt(args[1]));
        Group header = open(Kind.HALF_HEADER, port, Integer.parseInt(args[2]));
        Group body = open(Kind.HALF_BODY, port, Integer.parseInt(args[3]))) {
      System.out.printf("opened idle %d (refused %d), half-header %d (refused %d), half-body %d (refused %d) in %d ms%n",
          idle.size(), idle.refused, header.size(), header.refused, body.size(), body.refused,
          (System.nanoTime() - t0) / 1_000_000);
      long worstHealth = 0;
      long worstKept = 0;
      for (int s = 1; s <= seconds; s++) {
        Thread.sleep(1_000);
        header.trickle();
        body.trickle();
        long h = health(client, port);
        long k = health(keptAlive);
        worstHealth = h < 0 ? worstHealth : Math.max(worstHealth, h);
        worstKept = k < 0 ? worstKept : Math.max(worstKept, k);
        System.out.printf("t=%3ds open: idle %d, half-header %d, half-body %d; /health %s on a new connection,"
                + " %s on one opened before%n", s, idle.open(), header.open(), body.open(),
            h < 0 ? "FAILED" : h + " ms", k < 0 ? "FAILED" : k + " ms");
      }
      int with408 = 0;
      for (Group g : List.of(header, body)) {
        for (int i = 0; i < g.size(); i++) {
          if (g.received(i).startsWith("HTTP/1.1 408")) {
            with408++;
          }
        }
      }
      System.out.printf("worst /health %d ms (new connections), %d ms (kept alive); %d half-sent connections were"
          + " answered 408%n", worstHealth, worstKept, with408);
    } catch (UncheckedIOException e) {
      System.err.println(e.getMessage());
    } finally {
      keptAlive.close();
    }
  }

  /** {@code GET /health} on a kept-alive raw connection: milliseconds, or -1 when it fails. */
  static long health(java.net.Socket s) {
    long t0 = System.nanoTime();
    try {
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[512];
      int n = s.getInputStream().read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200") ? (System.nanoTime() - t0) / 1_000_000 : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
