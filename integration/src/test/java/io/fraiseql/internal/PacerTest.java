package io.fraiseql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.ResponseTarget;
import io.fraiseql.spi.RowSink;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pacer's fallback for a backend without flow control, and its slots. */
class PacerTest {
  /** A target behind until the action it was given runs. */
  static final class Behind implements ResponseTarget {
    final AtomicReference<Runnable> callback = new AtomicReference<>();
    final AtomicInteger written = new AtomicInteger();

    @Override
    public void write(byte[] bytes, int offset, int length) {
      written.addAndGet(length);
    }

    @Override
    public boolean writable() {
      return false;
    }

    @Override
    public void onWritable(Runnable action) {
      callback.set(action);
    }
  }

  @Test
  void withoutFlowControlTheRowThreadWaitsForTheTarget() throws Exception {
    Behind target = new Behind();
    Pacer pacer = new Pacer(target, true);
    RowSink rows = (b, off, len) -> pacer.write(b, off, len); // a backend that never calls onStart
    RowSink sink = pacer.sink(rows);
    CompletableFuture<Void> row = CompletableFuture.runAsync(() -> {
      try {
        sink.onRow(new byte[] {'1'}, 0, 1);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Thread.sleep(200);
    assertThat(row).as("the row's thread waits while the target is behind").isNotDone();
    target.callback.get().run();
    row.get(10, TimeUnit.SECONDS);
    assertThat(target.written.get()).isEqualTo(1);
    pacer.write('2');
    assertThat(target.written.get()).isEqualTo(2);
  }

  @Test
  void anInterruptedWaitFails() throws Exception {
    Behind target = new Behind();
    Pacer pacer = new Pacer(target, true);
    RowSink sink = pacer.sink((b, off, len) -> pacer.write(b, off, len));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        sink.onRow(new byte[] {'1'}, 0, 1);
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    Thread.sleep(200);
    t.interrupt();
    t.join(10_000);
    assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void withoutPacingRowsAreNeverHeldBack() throws Exception {
    Behind target = new Behind();
    Pacer pacer = new Pacer(target, false);
    RowSink rows = (b, off, len) -> pacer.write(b, off, len);
    assertThat(pacer.sink(rows)).isSameAs(rows);
    rows.onRow(new byte[] {'1'}, 0, 1);
    assertThat(target.callback.get()).isNull();
  }

  @Test
  void slotsAreTakenInTurnAndFailWhenClosed() {
    StreamSlots slots = new StreamSlots(1);
    assertThatThrownBy(() -> new StreamSlots(0)).isInstanceOf(IllegalArgumentException.class);
    CompletableFuture<Void> first = slots.acquire();
    CompletableFuture<Void> second = slots.acquire();
    CompletableFuture<Void> third = slots.acquire();
    assertThat(first).isDone();
    assertThat(second).isNotDone();
    assertThat(slots.inUse()).isEqualTo(1);
    assertThat(slots.waiting()).isEqualTo(2);
    slots.release();
    assertThat(second).isDone();
    assertThat(third).isNotDone();
    slots.close();
    assertThat(third).isCompletedExceptionally();
    assertThat(slots.acquire()).isCompletedExceptionally();
    slots.release();
    assertThat(slots.inUse()).isZero();
  }
}
