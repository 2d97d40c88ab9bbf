package io.fraiseql;

import java.io.IOException;

/**
 * Where {@link FraiseQL#executeAsync(io.fraiseql.api.GraphQLRequest, ResponseTarget)} writes a
 * response: a byte sink that never blocks and says when its consumer is behind, such as an HTTP
 * response whose client reads slower than the database answers. While it is not
 * {@linkplain #writable() writable} the engine pauses the rows of a large answer (see
 * {@link io.fraiseql.spi.FlowControl}) and goes on when it calls back.
 */
public interface ResponseTarget {
  /**
   * Takes bytes without blocking, copying what it keeps (the engine reuses the array).
   *
   * @throws IOException when the consumer is gone (the client closed the connection, or read
   *     nothing for too long): the engine then stops the request
   */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /** False while the consumer is behind (its buffer is full). */
  boolean writable();

  /**
   * Runs {@code action} once: when the target is writable again, or when the consumer is gone
   * (the next {@link #write} then throws). Runs it at once when either is already the case. Any
   * thread may call this and the action may run on any thread.
   */
  void onWritable(Runnable action);
}
