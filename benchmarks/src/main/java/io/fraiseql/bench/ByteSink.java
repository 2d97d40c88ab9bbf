package io.fraiseql.bench;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The response buffer of one benchmark thread: a growable byte array, reused (reset) for every
 * operation, so contenders write their response or rows into memory the same way. Not
 * thread-safe.
 */
public final class ByteSink extends OutputStream {
  private byte[] buf = new byte[64 * 1024];
  private int size;

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  public void reset() {
    size = 0;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
