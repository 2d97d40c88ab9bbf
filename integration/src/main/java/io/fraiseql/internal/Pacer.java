package io.fraiseql.internal;

import io.fraiseql.ResponseTarget;
import io.fraiseql.spi.FlowControl;
import io.fraiseql.spi.RowSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * The output of one response written to a {@link ResponseTarget}, and the link between that
 * target's demand and the rows being streamed: after a row whose bytes reached a target that is
 * behind, the statement's {@link FlowControl} is paused until the target calls back. A backend that
 * gave no flow control is held back the old way: the thread that delivers the rows waits.
 *
 * <p>Without pacing (small answers, mutations, connection pages) rows are never held back: the
 * answer goes to the target whole, so its connection is released at once whatever the client does.
 * Used by one response at a time, rows in order (possibly from several threads in turn).
 */
public final class Pacer extends OutputStream {
  private final ResponseTarget target;
  private final boolean pacing;
  private boolean wrote;

  /**
   * @param target where the bytes go
   * @param pacing whether streamed rows are held back while the target is behind
   */
  public Pacer(ResponseTarget target, boolean pacing) {
    this.target = target;
    this.pacing = pacing;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    target.write(b, off, len);
    wrote = true;
  }

  /** The sink a backend streams {@code rows} through: {@code rows} itself when not pacing. */
  public RowSink sink(RowSink rows) {
    if (!pacing) {
      return rows;
    }
    return new RowSink() {
      private FlowControl flow;

      @Override
      public void onStart(FlowControl f) {
        flow = f;
        rows.onStart(f);
      }

      @Override
      public void onRow(byte[] json, int offset, int length) throws IOException {
        rows.onRow(json, offset, length);
        afterRow(flow);
      }
    };
  }

  /** After a row: when its bytes went out to a target that is now behind, hold the rows back. */
  private void afterRow(FlowControl flow) throws IOException {
    if (!wrote) {
      return;
    }
    wrote = false;
    if (target.writable()) {
      return;
    }
    if (flow != null) {
      flow.pause();
      target.onWritable(flow::resume);
      return;
    }
    CountDownLatch writable = new CountDownLatch(1); // a backend without flow control: wait here
    target.onWritable(writable::countDown);
    try {
      writable.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the client");
    }
  }
}
