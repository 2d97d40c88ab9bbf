package io.fraiseql.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * How many responses may stream a large answer at once. A streamed answer holds its database
 * connection for as long as its client takes to read it; bounding them keeps the rest of the pool
 * for everything else, however slowly those clients read. Requests beyond the bound wait in order,
 * holding neither a thread nor a connection.
 */
public final class StreamSlots {
  private final int capacity;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int used;
  private boolean closed;

  public StreamSlots(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("at least one stream slot is needed, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Completes when a slot is taken: at once when one is free, else when one is released (on the
   * releasing thread). Every completed acquisition must be released once.
   */
  public CompletableFuture<Void> acquire() {
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("the engine is closed"));
      }
      if (used < capacity) {
        used++;
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> turn = new CompletableFuture<>();
      waiting.add(turn);
      return turn;
    }
  }

  /** Gives a slot back: to the longest waiting request, if any. */
  public void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        used--;
      }
    }
    if (next != null) {
      next.complete(null);
    }
  }

  /** Fails the requests still waiting (the engine is closing); later acquisitions fail at once. */
  public void close() {
    java.util.List<CompletableFuture<Void>> failed;
    synchronized (this) {
      closed = true;
      failed = new java.util.ArrayList<>(waiting);
      waiting.clear();
    }
    IllegalStateException e = new IllegalStateException("the engine is closed");
    failed.forEach(f -> f.completeExceptionally(e));
  }

  /** Slots in use. */
  public synchronized int inUse() {
    return used;
  }

  /** Requests waiting for a slot. */
  public synchronized int waiting() {
    return waiting.size();
  }
}
