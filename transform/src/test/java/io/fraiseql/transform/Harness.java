package io.fraiseql.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs one root field over rows and returns the validated output. */
final class Harness {
  private Harness() {}

  record Result(String json, List<GraphQLErrorEntry> errors) {
    /** The output without the top-level errors entry (asserted separately). */
    String withoutErrors() {
      int i = json.indexOf(",\"errors\":[");
      return i < 0 ? json : json.substring(0, i) + "}";
    }

    List<String> messages() {
      return errors.stream().map(GraphQLErrorEntry::message).toList();
    }
  }

  static Result list(ObjectSelection sel, boolean nonNull, boolean itemsNonNull, String... rows) {
    return run(sel, true, nonNull, itemsNonNull, ResponseWriter.DEFAULT_FLUSH_THRESHOLD, rows);
  }

  static Result single(ObjectSelection sel, boolean nonNull, String... rows) {
    return run(sel, false, nonNull, false, ResponseWriter.DEFAULT_FLUSH_THRESHOLD, rows);
  }

  static Result run(
      ObjectSelection sel,
      boolean list,
      boolean nonNull,
      boolean itemsNonNull,
      int threshold,
      String... rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResponseWriter w = new ResponseWriter(out, threshold);
    try {
      w.startData();
      FieldWriter f = w.startField("users", sel, list, nonNull, itemsNonNull);
      for (String row : rows) {
        feed(f, row);
      }
      f.end();
      w.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = out.toByteArray();
    JsonValidator.validate(bytes);
    assertThat(w.bytesFlushed()).isEqualTo(bytes.length);
    return new Result(new String(bytes, StandardCharsets.UTF_8), List.copyOf(w.errors()));
  }

  /** Passes a row embedded in a larger buffer, with garbage around it, to test offsets. */
  static void feed(FieldWriter f, String row) throws IOException {
    byte[] body = row.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[body.length + 7];
    padded[0] = '{';
    padded[1] = '"';
    padded[2] = '[';
    System.arraycopy(body, 0, padded, 3, body.length);
    padded[body.length + 3] = '"';
    padded[body.length + 4] = '\\';
    padded[body.length + 5] = ',';
    padded[body.length + 6] = '{';
    f.row(padded, 3, body.length);
  }
}
