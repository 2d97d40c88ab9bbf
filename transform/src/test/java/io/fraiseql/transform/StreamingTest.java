package io.fraiseql.transform;

import static io.fraiseql.transform.Sel.id;
import static io.fraiseql.transform.Sel.list;
import static io.fraiseql.transform.Sel.obj;
import static io.fraiseql.transform.Sel.str;
import static io.fraiseql.transform.Sel.type;
import static io.fraiseql.transform.Sel.typename;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.plan.Selection.ObjectSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingTest {
  private static final ObjectSelection USER =
      type("User", typename("User"), id(), str("email"),
          obj("author", "author", type("Author", str("fullName", "full_name"))),
          list("posts", "posts", type("Post", str("title")), true, true));

  /** Counts bytes and remembers the tail, so a huge answer needs no memory. */
  static final class CountingStream extends OutputStream {
    long count;
    int writes;
    final byte[] tail = new byte[512];

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      count += len;
      int n = Math.min(len, tail.length);
      System.arraycopy(tail, n, tail, 0, tail.length - n);
      System.arraycopy(b, off + len - n, tail, tail.length - n, n);
    }

    String tail() {
      return new String(tail, StandardCharsets.UTF_8);
    }
  }

  private static byte[] row(int i) {
    return ("{\"id\": " + i + ", \"email\": \"user" + i + "@example.com\", \"age\": 42,"
            + " \"author\": {\"full_name\": \"Ann Smith\"}, \"posts\": [{\"title\": \"p\"}],"
            + " \"ignored\": {\"a\": [1, 2, 3]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String projected(int i) {
    return "{\"__typename\":\"User\",\"id\":\"" + i + "\",\"email\":\"user" + i
        + "@example.com\",\"author\":{\"fullName\":\"Ann Smith\"},\"posts\":[{\"title\":\"p\"}]}";
  }

  @Test
  void streams200000RowsInBoundedMemory() throws IOException {
    CountingStream out = new CountingStream();
    ResponseWriter w = new ResponseWriter(out);
    int initialCapacity = w.bufferCapacity();
    FieldWriter f = w.startField("users", USER, true, true, true);
    long expected = "{\"data\":{\"users\":[".length() + "]}}".length();
    List<Long> progress = new ArrayList<>();
    int rows = 200_000;
    for (int i = 0; i < rows; i++) {
      byte[] row = row(i);
      f.row(row, 0, row.length);
      expected += projected(i).length() + (i > 0 ? 1 : 0);
      if (i % 20_000 == 19_999) {
        progress.add(out.count);
      }
    }
    f.end();
    w.finish();
    assertThat(out.count).isEqualTo(expected).isEqualTo(w.bytesFlushed());
    // bytes reached the stream while rows were still coming, steadily
    assertThat(progress).isSorted().doesNotHaveDuplicates();
    assertThat(progress.get(0)).isPositive();
    assertThat(out.writes).isGreaterThan(100);
    // the buffer stays bounded: it starts small, grows at most to about twice the threshold
    // (DSL-JSON doubles it), and never with the number of rows
    assertThat(w.maxBufferedBytes()).isLessThanOrEqualTo(ResponseWriter.DEFAULT_FLUSH_THRESHOLD + 256);
    // a fresh writer starts at INITIAL_BUFFER; one reused from an earlier response on this thread is at most this
    assertThat(initialCapacity).isLessThanOrEqualTo(ResponseWriter.MAX_REUSED_BUFFER);
    assertThat(w.bufferCapacity()).isLessThanOrEqualTo(2 * (ResponseWriter.DEFAULT_FLUSH_THRESHOLD + 4096));
    assertThat(out.tail()).endsWith(projected(rows - 1) + "]}}");
    assertThat(w.errors()).isEmpty();
  }

  @Test
  void streamedOutputIsValidJson() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out, 1000);
    FieldWriter f = w.startField("users", USER, true, false, false);
    StringBuilder expected = new StringBuilder("{\"data\":{\"users\":[");
    for (int i = 0; i < 5_000; i++) {
      byte[] row = row(i);
      f.row(row, 0, row.length);
      expected.append(i > 0 ? "," : "").append(projected(i));
      assertThat(w.position() - w.bytesFlushed()).isLessThanOrEqualTo(1000 + 256);
    }
    f.end();
    w.valueField("count", 5000);
    w.finish();
    expected.append("],\"count\":5000}}");
    byte[] bytes = out.toByteArray();
    JsonValidator.validate(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }

  @Test
  void aHugeRowGrowsTheBufferOnlyForThatRow() throws IOException {
    CountingStream out = new CountingStream();
    ResponseWriter w = new ResponseWriter(out, 1024);
    FieldWriter f = w.startField("users", type("User", str("blob")), true, false, false);
    byte[] big = ("{\"blob\": \"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    f.row(big, 0, big.length);
    assertThat(out.count).isGreaterThan(100_000);
    assertThat(w.position()).isEqualTo(w.bytesFlushed());
    f.end();
    w.finish();
  }
}
