package io.fraiseql.transform.internal;

import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Selection.Composite;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import io.fraiseql.api.plan.Selection.Scalar;
import io.fraiseql.api.plan.Selection.Typename;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link ObjectSelection} compiled for the row loop: parallel arrays indexed by entry (the
 * selection's fields in response order) and by slot (the distinct JSONB keys the entries read).
 * Immutable and thread-safe; build once, share freely.
 */
public final class ProjectionPlan {
  static final byte SCALAR = 0;
  static final byte SCALAR_ID = 1;
  static final byte OBJECT = 2;
  static final byte LIST = 3;
  static final byte TYPENAME = 4;

  final String typeName;
  final int entryCount;
  /** Per entry: one of the kind constants above. */
  final byte[] kind;
  /** Per entry: the slot it reads, -1 for {@code __typename}. */
  final int[] slot;
  /** Per entry: {@code "key":}, with a leading comma for all but the first entry. */
  final byte[][] prefix;
  final boolean[] nonNull;
  final boolean[] itemsNonNull;
  /** Per entry: the compiled child selection of composites, else null. */
  final ProjectionPlan[] child;
  final String[] responseKey;
  /** Per entry: the encoded type name of {@code __typename} entries, else null. */
  final byte[][] constant;
  /** Per entry: {@code Type.responseKey}, for error messages. */
  final String[] fieldName;
  /** Per slot: the JSONB key as it appears between quotes in PostgreSQL's output. */
  final byte[][] slotKey;
  /** Per slot: the first OBJECT entry reading it (its frame is filled during the scan), or -1. */
  final int[] slotObjectEntry;

  private ProjectionPlan(ObjectSelection selection) {
    List<Selection> fields = selection.fields();
    int n = fields.size();
    this.typeName = selection.typeName();
    this.entryCount = n;
    this.kind = new byte[n];
    this.slot = new int[n];
    this.prefix = new byte[n][];
    this.nonNull = new boolean[n];
    this.itemsNonNull = new boolean[n];
    this.child = new ProjectionPlan[n];
    this.responseKey = new String[n];
    this.constant = new byte[n][];
    this.fieldName = new String[n];
    Map<String, Integer> slots = new LinkedHashMap<>();
    List<Integer> objectEntryOfSlot = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Selection f = fields.get(i);
      String key = f.responseKey();
      responseKey[i] = key;
      fieldName[i] = typeName + "." + key;
      byte[] encoded = JsonOut.encodeString(key);
      int comma = i == 0 ? 0 : 1;
      byte[] p = new byte[encoded.length + 1 + comma];
      if (comma == 1) {
        p[0] = ',';
      }
      System.arraycopy(encoded, 0, p, comma, encoded.length);
      p[p.length - 1] = ':';
      prefix[i] = p;
      if (f instanceof Scalar s) {
        kind[i] = s.kind().forceString() ? SCALAR_ID : SCALAR;
        slot[i] = slotOf(slots, objectEntryOfSlot, s.jsonKey());
        nonNull[i] = s.nonNull();
      } else if (f instanceof Composite c) {
        kind[i] = c.list() ? LIST : OBJECT;
        slot[i] = slotOf(slots, objectEntryOfSlot, c.jsonKey());
        nonNull[i] = c.nonNull();
        itemsNonNull[i] = c.list() && c.itemsNonNull();
        child[i] = new ProjectionPlan(c.selection());
        if (!c.list() && objectEntryOfSlot.get(slot[i]) < 0) {
          objectEntryOfSlot.set(slot[i], i);
        }
      } else {
        kind[i] = TYPENAME;
        slot[i] = -1;
        constant[i] = JsonOut.encodeString(((Typename) f).typeName());
      }
    }
    this.slotKey = new byte[slots.size()][];
    for (Map.Entry<String, Integer> e : slots.entrySet()) {
      slotKey[e.getValue()] = postgresKey(e.getKey());
    }
    this.slotObjectEntry = objectEntryOfSlot.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int slotOf(Map<String, Integer> slots, List<Integer> objectEntryOfSlot, String key) {
    Integer s = slots.get(key);
    if (s == null) {
      s = slots.size();
      slots.put(key, s);
      objectEntryOfSlot.add(-1);
    }
    return s;
  }

  /** Compiles a selection (recursively). */
  public static ProjectionPlan compile(ObjectSelection selection) {
    return new ProjectionPlan(selection);
  }

  /**
   * A key escaped as PostgreSQL's {@code json}/{@code jsonb} output escapes it ({@code escape_json}):
   * quote, backslash and control characters escaped, everything else raw UTF-8.
   */
  static byte[] postgresKey(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 8);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ProjectionPlan[" + typeName + " " + Arrays.toString(responseKey) + "]";
  }
}
