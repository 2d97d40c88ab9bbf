package io.fraiseql.transform;

import com.dslplatform.json.JsonWriter;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.spi.RowSink;
import io.fraiseql.transform.internal.RowProjector;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Writes one root field of a {@link ResponseWriter} from database rows: hand it to the backend as
 * its {@link RowSink}, then call {@link #end()}. Obtained from {@link ResponseWriter#startField}.
 *
 * <p>A list field writes one array element per row; a single field takes at most one row and is
 * {@code null} without one. Null propagation beyond a row (a null item in a list of non-null
 * items, a null non-null field) is described in {@link ResponseWriter}: the field, or
 * {@code data}, is nulled while its bytes are still buffered, else the list is truncated with an
 * error. After that, further rows are ignored.
 *
 * <p>Not thread-safe; the bytes passed to {@link #row} are only read during the call.
 */
public final class FieldWriter implements RowSink {
  private static final int OPEN = 0;
  /** Rows are ignored; {@link #end()} still has to close the array. */
  private static final int IGNORING_OPEN_ARRAY = 1;
  /** Rows are ignored; the value is complete (or was nulled). */
  private static final int IGNORING = 2;
  private static final int ENDED = 3;

  private final ResponseWriter w;
  private final RowProjector projector;
  private final String key;
  private final String fieldName;
  private final boolean list;
  private final boolean nonNull;
  private final boolean itemsNonNull;
  private final long valueStart;

  private int state;
  private int received;
  private int written;
  private boolean failed;

  FieldWriter(
      ResponseWriter w,
      RowProjector projector,
      String key,
      String fieldName,
      boolean list,
      boolean nonNull,
      boolean itemsNonNull,
      long valueStart) {
    this.w = w;
    this.projector = projector;
    this.key = key;
    this.fieldName = fieldName;
    this.list = list;
    this.nonNull = nonNull;
    this.itemsNonNull = itemsNonNull;
    this.valueStart = valueStart;
    this.state = projector == null ? IGNORING : OPEN;
  }

  /** Same as {@link #row(byte[], int, int)}. */
  @Override
  public void onRow(byte[] json, int offset, int length) throws IOException {
    row(json, offset, length);
  }

  /**
   * Projects one row: {@code length} bytes of UTF-8 JSON at {@code offset}, normally an object
   * (JSON {@code null} is a null row). Flushes to the stream afterwards once the buffer holds more
   * than the threshold.
   *
   * <p>A second row for a single field fails the field (see {@link #fail}) and is ignored.
   *
   * @throws MalformedRowException when the row is not well-formed JSON: the partial row is
   *     discarded, the field is failed with an {@code INTERNAL_ERROR} and later rows are ignored
   * @throws IOException when writing to the stream fails
   * @throws IllegalStateException when the field has already ended
   */
  public void row(byte[] json, int offset, int length) throws IOException {
    if (state != OPEN) {
      if (state == ENDED && !failed) {
        throw new IllegalStateException("Field " + key + " has already ended");
      }
      received++;
      return;
    }
    int index = received++;
    if (!list && index > 0) {
      fail(
          GraphQLErrorEntry.of(
              ErrorCode.INTERNAL_ERROR,
              "Field " + fieldName + ": expected at most one row, the view returned more",
              List.of(key)),
          index);
      return;
    }
    long rowStart = w.position();
    JsonWriter out = w.json();
    try {
      int result;
      if (json == null) {
        result = RowProjector.ROW_NULL;
      } else {
        Objects.checkFromIndexSize(offset, length, json.length);
        result = projector.resolveRow(json, offset, length, list ? index : -1);
      }
      if (result == RowProjector.ROW_OK) {
        if (written++ > 0) {
          out.writeByte(JsonWriter.COMMA);
        }
        projector.writeRow(json);
      } else if (list ? itemsNonNull : nonNull) {
        propagate(index, result == RowProjector.ROW_NULL);
        return;
      } else {
        if (written++ > 0) {
          out.writeByte(JsonWriter.COMMA);
        }
        out.writeNull();
      }
    } catch (MalformedRowException | RuntimeException e) {
      // nothing is flushed inside a row, so the row start is always still buffered
      w.rewindTo(rowStart);
      written = index;
      fail(
          GraphQLErrorEntry.of(
              ErrorCode.INTERNAL_ERROR,
              "Field " + fieldName + ": the view returned a malformed JSON document",
              list ? List.of(key, index) : List.of(key)),
          index);
      throw e;
    }
    w.rowDone();
  }

  /**
   * Ends the field: closes the array of a list; writes {@code null} for a single field that got
   * no row (propagating it when the field is non-null). Idempotent.
   */
  public void end() {
    switch (state) {
      case OPEN:
        if (list) {
          w.json().writeByte(JsonWriter.ARRAY_END);
        } else if (received == 0) {
          if (nonNull) {
            propagate(-1, true);
          } else {
            w.json().writeNull();
          }
        }
        break;
      case IGNORING_OPEN_ARRAY:
        w.json().writeByte(JsonWriter.ARRAY_END);
        break;
      default:
        break;
    }
    state = ENDED;
    w.fieldClosed(this);
  }

  /**
   * Fails the field (the query broke, e.g. a database error mid-stream) and ends it: records
   * {@code error} and makes the field {@code null} as GraphQL requires for a field error, which
   * for a non-null field means nulling {@code data} (or, when {@code data} was already partly
   * streamed, the field alone). When the rows written so far were already streamed, the list is
   * closed as it is and a second error says it was truncated. Only the
   * first failure of a field is recorded; after {@link #end()} the error is just collected. Rows
   * that still arrive after a failure are ignored.
   */
  public void fail(GraphQLErrorEntry error) {
    Objects.requireNonNull(error, "error");
    fail(error, received);
  }

  private void fail(GraphQLErrorEntry error, int index) {
    if (failed) {
      return;
    }
    switch (state) {
      case ENDED:
        w.addError(error);
        failed = true;
        return;
      case OPEN:
        w.addError(error);
        if (nonNull && w.canNullData()) {
          w.nullData();
          state = IGNORING;
        } else if (w.canRewind(valueStart)) {
          w.rewindTo(valueStart);
          w.json().writeNull();
          state = IGNORING;
        } else if (list) {
          w.addError(
              GraphQLErrorEntry.of(
                  ErrorCode.INTERNAL_ERROR,
                  "Field " + fieldName + ": the list was truncated at index " + index
                      + " because earlier rows were already streamed",
                  List.of(key, index)));
          state = IGNORING_OPEN_ARRAY;
        } else {
          state = IGNORING;
        }
        break;
      default: // ignoring rows after propagation: the field is already null or truncated
        w.addError(error);
        break;
    }
    failed = true;
    end();
  }

  /**
   * A null at a non-null position of this field (a null item in a list of non-null items, or a
   * null single non-null field). {@code index} is the row's index, -1 for single fields;
   * {@code direct} is true when no error was recorded for the cause yet.
   */
  private void propagate(int index, boolean direct) {
    String message = RowProjector.nonNullMessage(fieldName);
    List<Object> path = index >= 0 ? List.of(key, index) : List.of(key);
    if (nonNull && w.canNullData()) {
      if (direct) {
        w.addError(GraphQLErrorEntry.of(ErrorCode.INTERNAL_ERROR, message, path));
      }
      w.nullData();
      state = IGNORING;
    } else if (!list || w.canRewind(valueStart)) {
      // a single field's value is not written yet; a list is rewound to its start
      if (nonNull) {
        w.addError(
            GraphQLErrorEntry.of(
                ErrorCode.INTERNAL_ERROR,
                message + "; data could not be set to null because earlier fields were already"
                    + " streamed",
                path));
      } else if (direct) {
        w.addError(GraphQLErrorEntry.of(ErrorCode.INTERNAL_ERROR, message, path));
      }
      if (list) {
        w.rewindTo(valueStart);
      }
      w.json().writeNull();
      state = IGNORING;
    } else {
      w.addError(
          GraphQLErrorEntry.of(
              ErrorCode.INTERNAL_ERROR,
              message + "; the list was truncated at index " + index
                  + " because earlier rows were already streamed",
              path));
      state = IGNORING_OPEN_ARRAY;
    }
  }

  /** The response was replaced by an errors-only answer: write nothing more. */
  void abandon() {
    state = IGNORING;
  }

  /** The field's key in {@code data}. */
  public String responseKey() {
    return key;
  }

  /** How many rows were passed to this field so far, ignored ones included. */
  public int rowsReceived() {
    return received;
  }
}
