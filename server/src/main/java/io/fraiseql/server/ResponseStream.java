package io.fraiseql.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's output, written to an HTTP response as it is produced. Used from one worker
 * thread; Vert.x's response methods are thread-safe.
 *
 * <p>The status line waits for the first {@value #COMMIT_THRESHOLD} bytes (or the end of a
 * smaller answer, which is then sent with a {@code Content-Length}): an answer that starts with
 * {@code {"errors"} has no {@code data}, so the request failed before execution (parse,
 * validation, variables, limits) and gets 400 when the client accepts
 * {@code application/graphql-response+json}. Past that point the bytes go out in chunks; when
 * Vert.x's write queue is full the writer waits for the drain (back-pressure), so memory holds at
 * most the threshold plus one engine flush, however large the answer.
 */
final class ResponseStream extends OutputStream {
  /** Bytes kept before the status line is sent. */
  static final int COMMIT_THRESHOLD = 16 * 1024;

  private static final byte[] ERRORS_PREFIX = "{\"errors\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final String contentType;
  private final boolean requestErrorIs400;
  private final long writeTimeoutNanos;
  private Buffer pending = Buffer.buffer(1024);
  private boolean committed;
  private boolean finished;
  private volatile boolean clientGone;
  private volatile CompletableFuture<Void> drain;

  /**
   * The caller reports a connection closed before the end with {@link #clientGone()} (Vert.x Web
   * owns the response's close handler: use {@code RoutingContext.addEndHandler}).
   */
  ResponseStream(HttpServerRequest request, String contentType, boolean requestErrorIs400, Duration writeTimeout) {
    this.request = request;
    this.response = request.response();
    this.contentType = contentType;
    this.requestErrorIs400 = requestErrorIs400;
    this.writeTimeoutNanos = writeTimeout.toNanos();
  }

  /** The connection closed before the response ended: writers stop with an IOException. */
  void clientGone() {
    clientGone = true;
    CompletableFuture<Void> d = drain;
    if (d != null) {
      d.completeExceptionally(new IOException("The client closed the connection"));
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("The response is finished");
    }
    if (clientGone) {
      throw new IOException("The client closed the connection");
    }
    if (!committed) {
      pending.appendBytes(b, off, len);
      if (pending.length() >= COMMIT_THRESHOLD) {
        commit(true);
        Buffer first = pending;
        pending = null;
        send(first);
      }
      return;
    }
    send(Buffer.buffer(len).appendBytes(b, off, len));
  }

  /** Ends the response: a small answer goes out whole with its length, a large one ends its chunks. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    if (clientGone) {
      throw new IOException("The client closed the connection");
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
    if (response.closed()) {
      return;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      response.reset(); // RST_STREAM: the connection's other streams go on
    } else {
      request.connection().close(); // HTTP/1.x has no way to cancel one response
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

  private void send(Buffer chunk) throws IOException {
    response.write(chunk);
    if (!response.writeQueueFull()) {
      return;
    }
    CompletableFuture<Void> d = new CompletableFuture<>();
    drain = d;
    response.drainHandler(v -> d.complete(null));
    // the queue may have drained before the handler was set; a close may have come as well
    if (!response.writeQueueFull()) {
      d.complete(null);
    }
    if (clientGone) {
      d.completeExceptionally(new IOException("The client closed the connection"));
    }
    try {
      d.get(writeTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IOException("The client read nothing for " + Values.format(java.time.Duration.ofNanos(writeTimeoutNanos)));
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for the client", e);
    } finally {
      drain = null;
    }
  }
}
