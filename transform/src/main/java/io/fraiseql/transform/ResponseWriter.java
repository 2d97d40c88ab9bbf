package io.fraiseql.transform;

import com.dslplatform.json.JsonWriter;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import io.fraiseql.transform.internal.JsonOut;
import io.fraiseql.transform.internal.RowProjector;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Writes one GraphQL response, {@code {"data":{...},"errors":[...]}}, straight to an
 * {@link OutputStream}, projecting each database row's JSON document onto the selection set byte
 * by byte (no {@code String}, {@code Map} or tree per row).
 *
 * <pre>{@code
 * ResponseWriter w = new ResponseWriter(out);
 * w.startData();
 * FieldWriter users = w.startField("users", selection, true, true, true);
 * backend.stream(statement, users);        // users.row(bytes, off, len) per row
 * users.end();
 * w.finish();                              // {"data":{"users":[...]}} plus errors, flushed
 * }</pre>
 *
 * <h2>Output</h2>
 * No whitespace; keys in selection order; several root fields follow each other in {@code data};
 * {@code errors} is written only when there are errors, each entry as {@code {"message",
 * "locations", "path", "extensions":{"code",...}}} with empty {@code locations} and {@code path}
 * left out. Whatever the sequence of calls and whatever the rows contain, the bytes written form
 * one valid JSON document: calls out of order throw {@link IllegalStateException} without writing,
 * an open field is closed by the next {@code startField}/{@code nullField}/{@code valueField} or
 * by {@link #finish()}, and a malformed row is discarded (see {@link FieldWriter#row}).
 *
 * <h2>Streaming</h2>
 * Bytes accumulate in DSL-JSON's {@link JsonWriter} buffer. After each row (only at row
 * boundaries) the buffer is written to the stream once it holds more than the flush threshold
 * (32 KiB by default) and then reused, so memory stays bounded by the threshold plus the largest
 * projected row, however many rows there are. {@link #finish()} writes the rest and flushes the
 * stream; the stream is never closed.
 *
 * <h2>Null propagation</h2>
 * Inside a row, GraphQL null propagation is decided before anything is written: a non-null field
 * that is null or absent in the document makes its parent object null, up to the nearest nullable
 * position; each violation adds one {@code INTERNAL_ERROR} entry ({@code Cannot return null for
 * non-nullable field Type.key}, with the full path), and a null that merely propagates adds none.
 * A value of the wrong JSON shape (a string where an object or list is expected) is treated as
 * null and reported once. Beyond a row:
 * <ul>
 *   <li>a row that is null (or resolves to null) is written as {@code null} in a list of nullable
 *       items; in a list of non-null items it makes the whole list field {@code null} (a JSON
 *       {@code null} row is reported as {@code Cannot return null for non-nullable field
 *       Query.key} at path {@code [key, index]}); later rows of that field are ignored;
 *   <li>a single field with no row, or whose row is null, is {@code null}; if its type is
 *       non-null (reported as {@code Cannot return null for non-nullable field Query.key}), and
 *       likewise if a non-null list field became {@code null}, {@code data} becomes {@code null}:
 *       the output is {@code {"data":null,"errors":[...]}} and later fields are ignored;
 *   <li>both are done by rewinding the buffer to the start of the field's value (or of
 *       {@code data}), which is possible only while those bytes have not been flushed. When
 *       {@code data} can no longer be nulled, the field alone is nulled and the error message says
 *       {@code ...; data could not be set to null because earlier fields were already streamed}.
 *       When the list's own start was already streamed, the writer never corrupts the JSON: it
 *       stops writing rows of that field (later rows are ignored cheaply), closes the array at
 *       {@link FieldWriter#end()} and records {@code Cannot return null for non-nullable field
 *       Query.key; the list was truncated at index N because earlier rows were already streamed}
 *       (path {@code [key, N]}). The response then holds the first N rows of the list and the
 *       error tells the client it is incomplete.
 * </ul>
 * {@link FieldWriter#fail} (a database error mid-stream, a malformed row) follows the same rules.
 * Use a threshold larger than the expected answer (or buffer the output) when strict null
 * propagation across rows matters more than streaming.
 *
 * <p>Not thread-safe: one writer per response; calls (including rows from a backend thread) must
 * be sequential.
 */
public final class ResponseWriter {
  /** The default flush threshold: 32 KiB. */
  public static final int DEFAULT_FLUSH_THRESHOLD = 32 * 1024;

  /** The buffer a writer starts with; it grows as the answer does, up to about the threshold. */
  static final int INITIAL_BUFFER = 1024;
  /** Writers whose buffer grew beyond this are not kept for reuse. */
  static final int MAX_REUSED_BUFFER = 16 * 1024;

  /** How many idle writers the shared pool keeps beyond the per-thread ones. */
  static final int MAX_SHARED_IDLE = 64;

  /**
   * Idle writers: one per thread, taken by the next response started on that thread, and a small
   * shared pool for writers finished on another thread than the one that needs the next (an
   * asynchronous backend finishes responses on its I/O threads). A DSL-JSON writer costs its buffer
   * plus its number formatters, which were most of a one-row answer's allocation. A writer is
   * never shared: taking it removes it from where it was.
   */
  private static final ThreadLocal<JsonWriter> IDLE = new ThreadLocal<>();
  private static final java.util.concurrent.ConcurrentLinkedQueue<JsonWriter> SHARED_IDLE =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final java.util.concurrent.atomic.AtomicInteger SHARED_COUNT =
      new java.util.concurrent.atomic.AtomicInteger();

  private static final int INITIAL = 0;
  private static final int DATA = 1;
  private static final int FINISHED = 2;

  private final OutputStream out;
  private final int threshold;
  private final String rootTypeName;
  private final JsonWriter json;
  private final List<GraphQLErrorEntry> errors = new ArrayList<>();
  private final List<GraphQLErrorEntry> errorsView = Collections.unmodifiableList(errors);

  private long flushed;
  private int maxBuffered;
  private int phase = INITIAL;
  private long dataStart = -1;
  private boolean dataNull;
  private int fieldCount;
  private FieldWriter open;

  /** A writer with the default flush threshold and root type {@code Query}. */
  public ResponseWriter(OutputStream out) {
    this(out, DEFAULT_FLUSH_THRESHOLD);
  }

  /** A writer that flushes at row boundaries once more than {@code flushThresholdBytes} are buffered. */
  public ResponseWriter(OutputStream out, int flushThresholdBytes) {
    this(out, flushThresholdBytes, "Query");
  }

  /**
   * @param out where the response goes; flushed by {@link #finish()}, never closed
   * @param flushThresholdBytes buffered bytes above which a row boundary flushes; 0 flushes after
   *     every row
   * @param rootTypeName the operation's root type ({@code Query} or {@code Mutation}), used in
   *     error messages about root fields
   */
  public ResponseWriter(OutputStream out, int flushThresholdBytes, String rootTypeName) {
    this.out = Objects.requireNonNull(out, "out");
    if (flushThresholdBytes < 0) {
      throw new IllegalArgumentException("flushThresholdBytes must be >= 0");
    }
    this.threshold = flushThresholdBytes;
    this.rootTypeName = Objects.requireNonNull(rootTypeName, "rootTypeName");
    // start small and let DSL-JSON grow the buffer: most answers are a few hundred bytes, and a
    // large one stops growing at the flush threshold (measured: a 36 KiB buffer per request was
    // most of the engine's allocation and CPU on one-row queries)
    JsonWriter idle = takeIdle();
    this.json = idle != null
        ? idle : JsonOut.newWriter(Math.min(INITIAL_BUFFER, Math.min(flushThresholdBytes, 1 << 24) + 4096));
  }

  private static JsonWriter takeIdle() {
    JsonWriter w = IDLE.get();
    if (w != null) {
      IDLE.remove();
    } else {
      w = SHARED_IDLE.poll();
      if (w == null) {
        return null;
      }
      SHARED_COUNT.decrementAndGet();
    }
    w.reset();
    return w;
  }

  /** For tests: how many writers wait in the shared pool. */
  static int sharedIdle() {
    return SHARED_COUNT.get();
  }

  private static void giveBack(JsonWriter w) {
    if (w.getByteBuffer().length > MAX_REUSED_BUFFER) {
      return; // a large buffer is not kept
    }
    if (IDLE.get() == null) { // takeIdle() empties a writer before reuse
      IDLE.set(w);
    } else if (SHARED_COUNT.incrementAndGet() <= MAX_SHARED_IDLE) {
      SHARED_IDLE.offer(w);
    } else {
      SHARED_COUNT.decrementAndGet();
    }
  }

  /** Writes <code>{"data":{</code>; called implicitly by the first field when omitted. */
  public void startData() {
    if (phase != INITIAL) {
      throw new IllegalStateException("startData() must be the first call");
    }
    json.writeAscii("{\"data\":");
    dataStart = position();
    json.writeByte(JsonWriter.OBJECT_START);
    phase = DATA;
  }

  /**
   * Starts a root field answered by rows: writes {@code "key":} (and {@code [} for lists).
   * Compiles the selection; use {@link #startField(String, Projection, boolean, boolean,
   * boolean)} with a cached {@link Projection} to skip that.
   *
   * @param responseKey the field's key in {@code data}
   * @param selection what to project from each row
   * @param list true when the field is a list (any number of rows), false for at most one row
   * @param nonNull true when the field's type is non-null
   * @param itemsNonNull for lists: true when the items are non-null
   */
  public FieldWriter startField(
      String responseKey,
      ObjectSelection selection,
      boolean list,
      boolean nonNull,
      boolean itemsNonNull) {
    return startField(responseKey, Projection.compile(selection), list, nonNull, itemsNonNull);
  }

  /** As {@link #startField(String, ObjectSelection, boolean, boolean, boolean)}, precompiled. */
  public FieldWriter startField(
      String responseKey,
      Projection projection,
      boolean list,
      boolean nonNull,
      boolean itemsNonNull) {
    Objects.requireNonNull(responseKey, "responseKey");
    Objects.requireNonNull(projection, "projection");
    beginField();
    String fieldName = rootTypeName + "." + responseKey;
    if (dataNull) {
      FieldWriter ignored = new FieldWriter(this, null, responseKey, fieldName, list, false, false, -1);
      open = ignored;
      return ignored;
    }
    writeKey(responseKey);
    long valueStart = position();
    RowProjector projector =
        new RowProjector(projection.plan, json, errors, responseKey, fieldName);
    FieldWriter f =
        new FieldWriter(
            this, projector, responseKey, fieldName, list, nonNull, list && itemsNonNull, valueStart);
    if (list) {
      json.writeByte(JsonWriter.ARRAY_START);
    }
    open = f;
    return f;
  }

  /** Writes {@code "key":null} for a root field that failed; the caller adds its error. */
  public void nullField(String responseKey) {
    Objects.requireNonNull(responseKey, "responseKey");
    beginField();
    if (dataNull) {
      return;
    }
    writeKey(responseKey);
    json.writeNull();
  }

  /**
   * Writes a root field from a generic value (introspection results, a root {@code __typename}):
   * {@code Map} (keys in iteration order), {@code List}/{@code Iterable}, {@code String},
   * {@code Number}, {@code Boolean} or {@code null}.
   *
   * @throws IllegalArgumentException when the value nests deeper than 512 levels; the field is
   *     then written as {@code null}
   */
  public void valueField(String responseKey, Object value) {
    Objects.requireNonNull(responseKey, "responseKey");
    beginField();
    if (dataNull) {
      return;
    }
    writeKey(responseKey);
    long valueStart = position();
    try {
      JsonOut.writeValue(json, value);
    } catch (RuntimeException e) {
      rewindTo(valueStart);
      json.writeNull();
      throw e;
    }
  }

  /** Collects an error; all errors are written by {@link #finish()}. */
  public void addError(GraphQLErrorEntry error) {
    errors.add(Objects.requireNonNull(error, "error"));
  }

  /** The errors collected so far (a read-only view). */
  public List<GraphQLErrorEntry> errors() {
    return errorsView;
  }

  /**
   * Ends the response: closes an open field and {@code data}, writes {@code "errors"} when there
   * are any, and writes everything to the stream and flushes it.
   */
  public void finish() throws IOException {
    if (phase == FINISHED) {
      throw new IllegalStateException("The response is already finished");
    }
    if (phase == INITIAL) {
      startData();
    }
    closeOpenField();
    if (!dataNull) {
      json.writeByte(JsonWriter.OBJECT_END);
    }
    if (!errors.isEmpty()) {
      json.writeAscii(",\"errors\":");
      JsonOut.writeErrors(json, errors);
    }
    json.writeByte(JsonWriter.OBJECT_END);
    complete();
  }

  /**
   * Answers a request that failed before execution (parse or validation): writes
   * {@code {"errors":[...]}} without a {@code data} key and flushes. If {@code data} was already
   * started, it is discarded when nothing was streamed yet; otherwise the response is finished
   * normally with these errors added.
   */
  public void errorsOnly(List<GraphQLErrorEntry> entries) throws IOException {
    if (phase == FINISHED) {
      throw new IllegalStateException("The response is already finished");
    }
    for (GraphQLErrorEntry e : entries) {
      addError(e);
    }
    if (phase == DATA) {
      if (flushed > 0) {
        finish();
        return;
      }
      if (open != null) {
        open.abandon();
        open = null;
      }
      json.reset();
    }
    json.writeAscii("{\"errors\":");
    JsonOut.writeErrors(json, errors);
    json.writeByte(JsonWriter.OBJECT_END);
    complete();
  }

  /** How many bytes have been written to the stream so far. */
  public long bytesFlushed() {
    return flushed;
  }

  private void complete() throws IOException {
    phase = FINISHED;
    flushBuffer();
    out.flush();
    giveBack(json); // finished: nothing writes to the buffer any more (an ended field only collects errors)
  }

  private void beginField() {
    if (phase == FINISHED) {
      throw new IllegalStateException("The response is already finished");
    }
    if (phase == INITIAL) {
      startData();
    }
    closeOpenField();
  }

  private void closeOpenField() {
    if (open != null) {
      open.end();
      open = null;
    }
  }

  private void writeKey(String responseKey) {
    if (fieldCount++ > 0) {
      json.writeByte(JsonWriter.COMMA);
    }
    json.writeString(responseKey);
    json.writeByte(JsonWriter.SEMI);
  }

  private void flushBuffer() throws IOException {
    int size = json.size();
    if (size > 0) {
      json.toStream(out);
      flushed += size;
    }
  }

  // ---- used by FieldWriter ----

  JsonWriter json() {
    return json;
  }

  /** The absolute output position: bytes flushed plus bytes buffered. */
  long position() {
    return flushed + json.size();
  }

  boolean canRewind(long position) {
    return position >= flushed;
  }

  /** Drops everything written after {@code position}, which must not have been flushed. */
  void rewindTo(long position) {
    int local = (int) (position - flushed);
    byte[] buffer = json.getByteBuffer();
    json.reset();
    json.writeRaw(buffer, 0, local);
  }

  /** Whether {@code data} can still be replaced by {@code null}. */
  boolean canNullData() {
    return canRewind(dataStart);
  }

  /** Replaces {@code data} by {@code null}; later fields are ignored. */
  void nullData() {
    rewindTo(dataStart);
    json.writeNull();
    dataNull = true;
  }

  void fieldClosed(FieldWriter f) {
    if (open == f) {
      open = null;
    }
  }

  /** Called after each row: flushes once the buffer holds more than the threshold. */
  void rowDone() throws IOException {
    int size = json.size();
    if (size > maxBuffered) {
      maxBuffered = size;
    }
    if (size > threshold) {
      flushBuffer();
    }
  }

  /** For tests: the most bytes held in the buffer at a row boundary. */
  int maxBufferedBytes() {
    return maxBuffered;
  }

  /** For tests: the current size of the buffer's backing array. */
  int bufferCapacity() {
    return json.getByteBuffer().length;
  }
}
