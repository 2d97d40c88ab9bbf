package io.fraiseql.transform.internal;

import com.dslplatform.json.JsonWriter;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.transform.MalformedRowException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Projects rows of one root field: scans a row's JSON document once, resolves GraphQL null
 * propagation over the recorded offsets, then writes the projected object through a
 * {@link JsonWriter}.
 *
 * <p>Per row, {@link #resolveRow} scans the document into the frame tree (recursing into embedded
 * objects during the same pass) and decides, before anything is written, whether the row resolves
 * to {@code null}; {@link #writeRow} then writes from the recorded offsets. List elements are
 * scanned when they are written, one element at a time into the same frames, except for lists
 * with non-null items: those are checked during resolution (an element that resolves to null
 * nulls the list) and scanned a second time when written. Errors are recorded once, during the
 * first resolution of a value.
 *
 * <p>The row loop does no map lookups and builds no strings; error paths and messages are built
 * only when an error is recorded. Not thread-safe: one instance per field writer.
 */
public final class RowProjector {
  /** {@link #resolveRow}: the row is an object that does not resolve to null. */
  public static final int ROW_OK = 0;
  /** {@link #resolveRow}: the row is JSON {@code null}; no error was recorded. */
  public static final int ROW_NULL = 1;
  /** {@link #resolveRow}: the row resolves to null and the cause was recorded as an error. */
  public static final int ROW_NULLED = 2;

  private final Frame root;
  private final JsonWriter out;
  private final List<GraphQLErrorEntry> errors;
  private final JsonScanner scanner = new JsonScanner();
  private final String rootKey;
  private final String rootField;

  private String[] pathKey = new String[16];
  private int[] pathIndex = new int[16];
  private int depth;

  /**
   * @param plan the compiled selection of the field's object type
   * @param out where projected objects are written
   * @param errors where errors are appended
   * @param rootKey the root field's response key (first element of error paths)
   * @param rootField {@code Query.<key>}, for messages about the row itself
   */
  public RowProjector(
      ProjectionPlan plan,
      JsonWriter out,
      List<GraphQLErrorEntry> errors,
      String rootKey,
      String rootField) {
    this.root = new Frame(plan);
    this.out = out;
    this.errors = errors;
    this.rootKey = rootKey;
    this.rootField = rootField;
  }

  /**
   * Scans and resolves one row; the row can then be written with {@link #writeRow}.
   *
   * @param index the row's index in a list field, or -1 for a single field
   * @return {@link #ROW_OK}, {@link #ROW_NULL} or {@link #ROW_NULLED}
   */
  public int resolveRow(byte[] b, int off, int len, int index) throws MalformedRowException {
    int end = off + len;
    scanner.startRow(off);
    depth = 0;
    pushKey(rootKey);
    if (index >= 0) {
      pushIndex(index);
    }
    int i = scanner.ws(b, off, end);
    byte c = b[i];
    if (c == '{') {
      scanner.expectEnd(b, scanObject(root, b, i, end), end);
      return resolve(root, b, true) ? ROW_NULLED : ROW_OK;
    }
    scanner.expectEnd(b, scanner.skipValue(b, i, end), end);
    if (c == 'n') {
      return ROW_NULL;
    }
    recordError("Field " + rootField + ": expected an object in the view's data", null);
    return ROW_NULLED;
  }

  /** Writes the row last resolved to {@link #ROW_OK}. */
  public void writeRow(byte[] b) throws MalformedRowException {
    write(root, b);
  }

  /**
   * Scans the object at {@code i} (its opening brace) into {@code f}: records the bounds of the
   * values of selected keys, filling the frame of an embedded object in the same pass. Returns
   * the index after the closing brace.
   */
  private int scanObject(Frame f, byte[] b, int i, int end) throws MalformedRowException {
    final JsonScanner sc = scanner;
    final ProjectionPlan p = f.plan;
    final byte[][] keys = p.slotKey;
    final int[] vStart = f.vStart;
    Arrays.fill(vStart, -1);
    for (Frame c : f.objectChildren) {
      c.scannedAt = -1;
    }
    i = sc.ws(b, i + 1, end);
    if (b[i] == '}') {
      return i + 1;
    }
    for (;;) {
      if (b[i] != '"') {
        throw sc.error("expected a key", i);
      }
      int ks = i + 1;
      int ke = sc.stringEnd(b, ks, end);
      i = sc.ws(b, ke + 1, end);
      if (b[i] != ':') {
        throw sc.error("expected ':'", i);
      }
      i = sc.ws(b, i + 1, end);
      int len = ke - ks;
      int s = -1;
      for (int k = 0; k < keys.length; k++) {
        byte[] key = keys[k];
        if (key.length == len && Arrays.equals(b, ks, ke, key, 0, len)) {
          s = k;
          break;
        }
      }
      int ve;
      if (s >= 0) {
        int oe = p.slotObjectEntry[s];
        if (oe >= 0 && b[i] == '{') {
          Frame c = f.child[oe];
          ve = scanObject(c, b, i, end);
          c.scannedAt = i;
        } else {
          ve = sc.skipValue(b, i, end);
        }
        vStart[s] = i;
        f.vEnd[s] = ve;
      } else {
        ve = sc.skipValue(b, i, end);
      }
      i = sc.ws(b, ve, end);
      if (b[i] == ',') {
        i = sc.ws(b, i + 1, end);
      } else if (b[i] == '}') {
        return i + 1;
      } else {
        throw sc.error("expected ',' or '}'", i);
      }
    }
  }

  /**
   * Decides each entry's state from the scanned offsets; returns true when the object resolves to
   * null because a non-null field is null. Stops at the first such field.
   */
  private boolean resolve(Frame f, byte[] b, boolean record) throws MalformedRowException {
    final ProjectionPlan p = f.plan;
    final byte[] state = f.state;
    for (int i = 0; i < p.entryCount; i++) {
      byte kind = p.kind[i];
      if (kind == ProjectionPlan.TYPENAME) {
        continue;
      }
      int s = p.slot[i];
      int vs = f.vStart[s];
      if (vs < 0 || b[vs] == 'n') {
        state[i] = Frame.NULL;
        if (p.nonNull[i]) {
          if (record) {
            recordError(nonNullMessage(p.fieldName[i]), p.responseKey[i]);
          }
          return true;
        }
        continue;
      }
      switch (kind) {
        case ProjectionPlan.SCALAR:
          state[i] = Frame.RAW;
          break;
        case ProjectionPlan.SCALAR_ID:
          state[i] = isNumberStart(b[vs]) ? Frame.QUOTED : Frame.RAW;
          break;
        case ProjectionPlan.OBJECT: {
          boolean isNull;
          if (b[vs] != '{') {
            if (record) {
              recordError(shapeMessage(p.fieldName[i], "an object"), p.responseKey[i]);
            }
            isNull = true;
          } else {
            Frame c = f.child[i];
            if (c.scannedAt != vs) {
              scanObject(c, b, vs, f.vEnd[s]);
              c.scannedAt = vs;
            }
            pushKey(p.responseKey[i]);
            isNull = resolve(c, b, record);
            depth--;
          }
          state[i] = isNull ? Frame.NULL : Frame.RAW;
          if (isNull && p.nonNull[i]) {
            return true;
          }
          break;
        }
        default: { // LIST
          boolean isNull;
          if (b[vs] != '[') {
            if (record) {
              recordError(shapeMessage(p.fieldName[i], "a list"), p.responseKey[i]);
            }
            isNull = true;
          } else if (p.itemsNonNull[i]) {
            pushKey(p.responseKey[i]);
            isNull = itemsResolveNull(f.child[i], b, vs, f.vEnd[s], record, p.fieldName[i]);
            depth--;
          } else {
            isNull = false;
          }
          state[i] = isNull ? Frame.NULL : Frame.RAW;
          if (isNull && p.nonNull[i]) {
            return true;
          }
          break;
        }
      }
    }
    return false;
  }

  /** For a list with non-null items: true when an element is null or resolves to null. */
  private boolean itemsResolveNull(
      Frame c, byte[] b, int vs, int ve, boolean record, String fieldName)
      throws MalformedRowException {
    final JsonScanner sc = scanner;
    int j = sc.ws(b, vs + 1, ve);
    if (b[j] == ']') {
      return false;
    }
    for (int idx = 0; ; idx++) {
      pushIndex(idx);
      byte x = b[j];
      if (x == 'n') {
        if (record) {
          recordError(nonNullMessage(fieldName), null);
        }
        depth--;
        return true;
      }
      if (x != '{') {
        if (record) {
          recordError(shapeMessage(fieldName, "a list of objects"), null);
        }
        depth--;
        return true;
      }
      j = scanObject(c, b, j, ve);
      c.scannedAt = -1;
      boolean isNull = resolve(c, b, record);
      depth--;
      if (isNull) {
        return true;
      }
      j = sc.ws(b, j, ve);
      if (b[j] == ']') {
        return false;
      }
      if (b[j] != ',') {
        throw sc.error("expected ',' or ']'", j);
      }
      j = sc.ws(b, j + 1, ve);
    }
  }

  private void write(Frame f, byte[] b) throws MalformedRowException {
    final JsonWriter w = out;
    final ProjectionPlan p = f.plan;
    final byte[] state = f.state;
    w.writeByte(JsonWriter.OBJECT_START);
    for (int i = 0; i < p.entryCount; i++) {
      byte[] prefix = p.prefix[i];
      w.writeRaw(prefix, 0, prefix.length);
      byte kind = p.kind[i];
      if (kind == ProjectionPlan.TYPENAME) {
        byte[] constant = p.constant[i];
        w.writeRaw(constant, 0, constant.length);
        continue;
      }
      byte st = state[i];
      if (st == Frame.NULL) {
        w.writeNull();
        continue;
      }
      int s = p.slot[i];
      int vs = f.vStart[s];
      switch (kind) {
        case ProjectionPlan.OBJECT:
          pushKey(p.responseKey[i]);
          write(f.child[i], b);
          depth--;
          break;
        case ProjectionPlan.LIST:
          pushKey(p.responseKey[i]);
          writeList(f.child[i], b, vs, f.vEnd[s], !p.itemsNonNull[i], p.fieldName[i]);
          depth--;
          break;
        default: // SCALAR, SCALAR_ID
          if (st == Frame.QUOTED) {
            w.writeByte(JsonWriter.QUOTE);
            w.writeRaw(b, vs, f.vEnd[s] - vs);
            w.writeByte(JsonWriter.QUOTE);
          } else {
            w.writeRaw(b, vs, f.vEnd[s] - vs);
          }
          break;
      }
    }
    w.writeByte(JsonWriter.OBJECT_END);
  }

  private void writeList(Frame c, byte[] b, int vs, int ve, boolean record, String fieldName)
      throws MalformedRowException {
    final JsonScanner sc = scanner;
    final JsonWriter w = out;
    w.writeByte(JsonWriter.ARRAY_START);
    int j = sc.ws(b, vs + 1, ve);
    if (b[j] != ']') {
      for (int idx = 0; ; idx++) {
        if (idx > 0) {
          w.writeByte(JsonWriter.COMMA);
        }
        pushIndex(idx);
        byte x = b[j];
        if (x == '{') {
          j = scanObject(c, b, j, ve);
          c.scannedAt = -1;
          if (resolve(c, b, record)) {
            w.writeNull();
          } else {
            write(c, b);
          }
        } else {
          if (x != 'n' && record) {
            recordError(shapeMessage(fieldName, "a list of objects"), null);
          }
          j = sc.skipValue(b, j, ve);
          w.writeNull();
        }
        depth--;
        j = sc.ws(b, j, ve);
        if (b[j] == ']') {
          break;
        }
        if (b[j] != ',') {
          throw sc.error("expected ',' or ']'", j);
        }
        j = sc.ws(b, j + 1, ve);
      }
    }
    w.writeByte(JsonWriter.ARRAY_END);
  }

  private static boolean isNumberStart(byte c) {
    return c == '-' || (c >= '0' && c <= '9');
  }

  /** The message of a non-null violation. */
  public static String nonNullMessage(String fieldName) {
    return "Cannot return null for non-nullable field " + fieldName;
  }

  private static String shapeMessage(String fieldName, String expected) {
    return "Field " + fieldName + ": expected " + expected + " in the view's data";
  }

  private void pushKey(String key) {
    ensurePath();
    pathKey[depth] = key;
    pathIndex[depth++] = -1;
  }

  private void pushIndex(int index) {
    ensurePath();
    pathKey[depth] = null;
    pathIndex[depth++] = index;
  }

  private void ensurePath() {
    if (depth == pathKey.length) {
      pathKey = Arrays.copyOf(pathKey, depth * 2);
      pathIndex = Arrays.copyOf(pathIndex, depth * 2);
    }
  }

  private void recordError(String message, String lastKey) {
    List<Object> path = new ArrayList<>(depth + 1);
    for (int k = 0; k < depth; k++) {
      path.add(pathKey[k] != null ? pathKey[k] : Integer.valueOf(pathIndex[k]));
    }
    if (lastKey != null) {
      path.add(lastKey);
    }
    errors.add(GraphQLErrorEntry.of(ErrorCode.INTERNAL_ERROR, message, path));
  }
}
