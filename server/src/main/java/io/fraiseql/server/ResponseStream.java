package io.fraiseql.server;

import io.fraiseql.ResponseTarget;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's output, written to an HTTP response as it is produced, never blocking the thread
 * that writes (the engine's, or a database driver's event loop). Writes come from one thread at a
 * time; Vert.x's response methods are thread-safe.
 *
 * <p>The status line waits for the first {@value #COMMIT_THRESHOLD} bytes (or the end of a
 * smaller answer, which is then sent with a {@code Content-Length}): an answer that starts with
 * {@code {"errors"} has no {@code data}, so the request failed before execution (parse,
 * validation, variables, limits) and gets 400 when the client accepts
 * {@code application/graphql-response+json}. Past that point the bytes go out in chunks. When
 * Vert.x's write queue is full the target is not {@linkplain #writable() writable}: the engine
 * pauses the rows and this class calls it back on the drain. A client that reads nothing for the
 * write timeout while the engine waits is disconnected, and the engine's next write fails.
 */
final class ResponseStream implements ResponseTarget {
  /** Bytes kept before the status line is sent. */
  static final int COMMIT_THRESHOLD = 16 * 1024;

  private static final byte[] ERRORS_PREFIX = "{\"errors\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final String contentType;
  private final boolean requestErrorIs400;
  private final Duration writeTimeout;
  private Buffer pending = Buffer.buffer(1024);
  private boolean committed;
  private boolean finished;
  /** Why the client can no longer be written to, or null. */
  private volatile String gone;
  /** Callbacks waiting for the drain; guarded by itself. */
  private final List<Runnable> waiting = new ArrayList<>(1);
  private long timer = -1;

  /**
   * The caller reports a connection closed before the end with {@link #clientGone()} (Vert.x Web
   * owns the response's close handler: use {@code RoutingContext.addEndHandler}).
   */
  ResponseStream(Vertx vertx, HttpServerRequest request, String contentType, boolean requestErrorIs400, Duration writeTimeout) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.contentType = contentType;
    this.requestErrorIs400 = requestErrorIs400;
    this.writeTimeout = writeTimeout;
  }

  /** The connection closed before the response ended: writes fail from now on. */
  void clientGone() {
    gone("The client closed the connection");
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    String why = gone;
    if (why != null) {
      throw new IOException(why);
    }
    if (finished) {
      throw new IOException("The response is finished");
    }
    if (!committed) {
      pending.appendBytes(b, off, len);
      if (pending.length() >= COMMIT_THRESHOLD) {
        commit(true);
        Buffer first = pending;
        pending = null;
        response.write(first);
      }
      return;
    }
    response.write(Buffer.buffer(len).appendBytes(b, off, len));
  }

  @Override
  public boolean writable() {
    return gone != null || !response.writeQueueFull();
  }

  @Override
  public void onWritable(Runnable action) {
    synchronized (waiting) {
      if (gone == null && response.writeQueueFull()) {
        waiting.add(action);
        if (waiting.size() == 1) {
          response.drainHandler(v -> wake());
          timer = vertx.setTimer(Math.max(1, writeTimeout.toMillis()), id -> timedOut());
        }
        // the queue may have drained before the handler was set
        if (response.writeQueueFull()) {
          return;
        }
      } else {
        waiting.add(action);
      }
    }
    wake();
  }

  /** Runs the waiting callbacks (the queue drained, or the client is gone). */
  private void wake() {
    List<Runnable> run;
    synchronized (waiting) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      run = new ArrayList<>(waiting);
      waiting.clear();
    }
    run.forEach(Runnable::run);
  }

  private void timedOut() {
    synchronized (waiting) {
      timer = -1;
      if (waiting.isEmpty()) {
        return;
      }
    }
    gone("The client read nothing for " + Values.format(writeTimeout));
    cut(); // the engine is waiting, not writing: it sees the failure at its next write
  }

  private void gone(String why) {
    if (gone == null) {
      gone = why;
    }
    wake();
  }

  /** Why the client is gone, or null. */
  String goneReason() {
    return gone;
  }

  /** Ends the response: a small answer goes out whole with its length, a large one ends its chunks. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    String why = gone;
    if (why != null) {
      throw new IOException(why);
    }
    finished = true;
    if (!committed) {
      commit(false);
      Buffer all = pending;
      pending = null;
      response.end(all);
    } else {
      response.end();
    }
  }

  /** True once the status line is decided (and possibly sent). */
  boolean committed() {
    return committed;
  }

  /** The status sent, or 0 before the commit. */
  int status() {
    return committed ? response.getStatusCode() : 0;
  }

  /**
   * Gives up on a response whose start was already sent (the engine failed mid-stream, the client
   * stopped reading): the connection is reset so the client sees an incomplete answer, never a
   * truncated one that looks complete.
   */
  void abort() {
    finished = true;
    pending = null;
    cut();
  }

  /** Resets the stream (HTTP/2) or closes the connection (HTTP/1.x). */
  private void cut() {
    if (response.closed()) {
      return;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      response.reset(); // RST_STREAM: the connection's other streams go on
    } else {
      // HTTP/1.x has no way to cancel one response; Vert.x's own close would first wait for the
      // queued bytes to reach a client that may never read them
      ConnectionGuard.closeNow(request.connection());
    }
  }

  private void commit(boolean chunked) {
    committed = true;
    int status = requestErrorIs400 && startsWithErrors(pending) ? 400 : 200;
    response.setStatusCode(status);
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    if (chunked) {
      response.setChunked(true);
    }
  }

  private static boolean startsWithErrors(Buffer b) {
    if (b.length() < ERRORS_PREFIX.length) {
      return false;
    }
    for (int i = 0; i < ERRORS_PREFIX.length; i++) {
      if (b.getByte(i) != ERRORS_PREFIX[i]) {
        return false;
      }
    }
    return true;
  }
}
