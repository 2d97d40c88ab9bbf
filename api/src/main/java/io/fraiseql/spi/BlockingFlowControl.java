package io.fraiseql.spi;

import java.io.InterruptedIOException;

/**
 * The {@link FlowControl} of a blocking backend, which reads rows on the caller's thread (JDBC):
 * the reading loop calls {@link #awaitResumed()} before it reads each row, and waits there on its
 * own thread while the sink has paused it.
 *
 * <pre>{@code
 * BlockingFlowControl flow = new BlockingFlowControl();
 * sink.onStart(flow);
 * while (flow.awaitResumed() && rs.next()) {
 *   sink.onRow(...);
 * }
 * }</pre>
 */
public final class BlockingFlowControl implements FlowControl {
  private final Object lock = new Object();
  private volatile boolean paused;

  /** A flow control that starts resumed. */
  public BlockingFlowControl() {}

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    synchronized (lock) {
      paused = false;
      lock.notifyAll();
    }
  }

  /** Whether the sink has paused the reading. */
  public boolean paused() {
    return paused;
  }

  /**
   * Returns at once unless paused; else waits until resumed. Always returns true (so that it can
   * lead a loop condition).
   *
   * @throws InterruptedIOException when the thread is interrupted while waiting (the interrupt
   *     flag is set again): the statement should then stop like a failing sink's
   */
  public boolean awaitResumed() throws InterruptedIOException {
    if (!paused) {
      return true;
    }
    synchronized (lock) {
      while (paused) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while the row sink had paused the statement");
        }
      }
    }
    return true;
  }
}
